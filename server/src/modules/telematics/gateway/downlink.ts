import {
  encodeDoorControl, MSG, REPLY_RESULT, STATUS, STANDARD_PROFILE, type Body,
  type GeneralReply, type LocationReply,
} from '../jt808';
import type { CommandProgress, DownlinkRequest } from '../command.types';
import { resendDelays } from '../telematics.rules';
import type { CommandBus } from './command-bus';
import type { Session } from './session';

/** Door bits 13–17: "door n open". */
const DOORS_OPEN = 0x1f << 13;

interface Pending {
  req: DownlinkRequest;
  session: Session;
  serial: number;
  msgId: number;
  body: Body;
  attempts: number;
  acknowledged: boolean;
  timer: NodeJS.Timeout | null;
  deadline: NodeJS.Timeout;
}

/**
 * Runs commands on the worker that holds the terminal: send, resend on the standard's back-off
 * (T(n+1) = T(n) × (n+1)), match replies by serial, judge lock/unlock from the 0x0500 status bits,
 * and report every step on the bus.
 */
export class DownlinkManager {
  private readonly pending = new Map<Session, Map<number, Pending>>();

  constructor(private readonly bus: CommandBus) {}

  execute(session: Session | null, req: DownlinkRequest): void {
    if (!session) {
      this.report(req, { state: 'failed', attempts: 0, code: 'TERMINAL_OFFLINE', message: '车载终端已断开连接，指令未发送' });
      return;
    }
    const body = this.bodyOf(session, req);
    const serial = session.nextSerial();
    const p: Pending = {
      req, session, serial, msgId: bodyMsgId(body), body, attempts: 0, acknowledged: false, timer: null,
      deadline: setTimeout(() => this.expire(p), Math.max(0, req.deadlineAt - Date.now())),
    };
    let map = this.pending.get(session);
    if (!map) this.pending.set(session, (map = new Map()));
    map.set(serial, p);
    this.attempt(p);
  }

  /** Whether a command to this session waits for the terminal's answer. */
  awaiting(s: Session): boolean {
    return (this.pending.get(s)?.size ?? 0) > 0;
  }

  private bodyOf(s: Session, req: DownlinkRequest): Body {
    switch (req.kind) {
      case 'lock':
      case 'unlock':
        return { kind: 'vehicleControl', body: encodeDoorControl(req.kind, s.profile ?? STANDARD_PROFILE, s.bodyEdition) };
      case 'locate':
        return { kind: 'queryLocation' };
      case 'track':
        return { kind: 'tempTracking', body: { interval: req.tracking?.intervalS ?? 10, validity: req.tracking?.validityS ?? 600 } };
    }
  }

  private attempt(p: Pending): void {
    const delays = resendDelays(p.req.firstTimeoutMs, p.req.retries);
    p.session.send(p.body, p.serial);
    p.attempts++;
    if (p.attempts === 1) this.report(p.req, { state: 'sent', attempts: 1 });
    if (p.attempts <= p.req.retries) {
      p.timer = setTimeout(() => {
        if (!p.acknowledged) this.attempt(p);
      }, delays[p.attempts - 1]);
    }
  }

  onTerminalReply(s: Session, r: GeneralReply): void {
    const p = this.pending.get(s)?.get(r.replySerial);
    if (!p || p.msgId !== r.replyId) return;
    if (r.result !== REPLY_RESULT.ok) {
      const why = r.result === REPLY_RESULT.unsupported ? '终端不支持该指令' : '终端拒绝执行该指令';
      return this.finish(p, { state: 'failed', code: 'TERMINAL_REJECTED', message: `${why}（结果码 ${r.result}）` });
    }
    if (p.req.kind === 'track') return this.finish(p, { state: 'confirmed' });
    if (!p.acknowledged) {
      // Some terminals answer 0x8500 with 0x0001 first; the doors are judged when 0x0500 comes.
      p.acknowledged = true;
      if (p.timer) clearTimeout(p.timer);
      this.report(p.req, { state: 'acknowledged', attempts: p.attempts });
    }
  }

  onLocationReply(s: Session, msgId: number, r: LocationReply): void {
    const p = this.pending.get(s)?.get(r.replySerial);
    if (!p) return;
    const expected = msgId === MSG.vehicleControlReply ? MSG.vehicleControl : MSG.queryLocation;
    if (p.msgId !== expected) return;
    const loc = r.location;
    const location = { latE6: loc.latE6, lonE6: loc.lonE6, gpsTime: loc.time };
    // Every path below ends the command, in this same turn: no separate "acknowledged" to publish.
    p.acknowledged = true;
    if (p.req.kind === 'locate') return this.finish(p, { state: 'confirmed', location });
    const locked = (loc.status & STATUS.doorLocked) !== 0;
    const lockState = locked ? 'locked' : 'unlocked';
    const wantLocked = p.req.kind === 'lock';
    if (locked !== wantLocked) {
      return this.finish(p, {
        state: 'failed', lockState, location, code: 'LOCK_STATE_MISMATCH',
        message: `终端已应答，但车门状态为${locked ? '已锁' : '未锁'}，与${wantLocked ? '上锁' : '解锁'}指令不符`,
      });
    }
    if (wantLocked && loc.status & DOORS_OPEN) {
      return this.finish(p, { state: 'failed', lockState, location, code: 'DOOR_OPEN', message: '终端已上锁，但仍有车门未关闭' });
    }
    this.finish(p, { state: 'confirmed', lockState, location });
  }

  onClose(s: Session): void {
    const map = this.pending.get(s);
    this.pending.delete(s);
    for (const p of map?.values() ?? []) {
      this.clear(p);
      this.report(p.req, {
        state: 'failed', attempts: p.attempts, code: 'TERMINAL_DISCONNECTED', message: '等待应答时车载终端断开连接，执行结果未知',
      });
    }
  }

  private expire(p: Pending): void {
    const what = p.acknowledged ? '终端已收到指令，但在时限内未回报执行结果' : `终端在时限内未应答（已发送 ${p.attempts} 次）`;
    this.finish(p, { state: 'expired', code: 'COMMAND_EXPIRED', message: `${what}，车门状态未知` });
  }

  private finish(p: Pending, outcome: Omit<CommandProgress, 'commandId' | 'at' | 'attempts'>): void {
    this.clear(p);
    this.pending.get(p.session)?.delete(p.serial);
    this.report(p.req, { ...outcome, attempts: p.attempts });
  }

  private clear(p: Pending): void {
    if (p.timer) clearTimeout(p.timer);
    clearTimeout(p.deadline);
  }

  private report(req: DownlinkRequest, o: Omit<CommandProgress, 'commandId' | 'at'>): void {
    this.bus.progress({ commandId: req.commandId, at: Date.now(), ...o }).catch(() => undefined);
  }
}

function bodyMsgId(b: Body): number {
  return b.kind === 'unknown' ? b.msgId : MSG[b.kind];
}
