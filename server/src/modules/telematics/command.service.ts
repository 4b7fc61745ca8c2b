import { formatPlate } from '@shared/common/format';
import { FleetErrorCode } from '@shared/fleet/fleet.errors';
import { TelematicsErrorCode } from '@shared/telematics/telematics.errors';
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { ConflictError, NotFoundError, RateLimitedError } from '../../platform/errors';
import type { CommandRow } from './command.entity';
import { FINAL_STATES, type CommandKind, type CommandProgress, type CommandState, type TrackingParams } from './command.types';
import type { CommandBus } from './gateway/command-bus';
import type { TerminalRegistry } from './gateway/terminal-registry';
import type { TerminalDirectory } from './telematics.ports';
import { canMoveTo } from './telematics.rules';

export interface CommandStore {
  insertCommand(row: CommandRow): Promise<void>;
  findCommand(id: string): Promise<CommandRow | null>;
  findCommandByKey(vehicleId: number, key: string): Promise<CommandRow | null>;
  /** Applies `patch` only while the row's state is one of `fromStates`; true if it did. */
  updateCommandIf(id: string, fromStates: readonly string[], patch: Partial<CommandRow>): Promise<boolean>;
}

/** States from which a command may move to `to` (the rule of canMoveTo, as a set for one UPDATE). */
const ALL_STATES: readonly CommandState[] = ['pending', 'sent', 'acknowledged', 'confirmed', 'failed', 'expired'];
function statesBefore(to: CommandState): string[] {
  return ALL_STATES.filter((from) => canMoveTo(from, to));
}

/**
 * A command issued by this process and not final yet. Progress is written one update at a time
 * per command; progress arriving meanwhile is coalesced to the most advanced state (an
 * "acknowledged" overtaken by "confirmed" is not written on its own). `row` mirrors what this
 * process last wrote, so the outcome can be answered without reading the row back.
 */
interface Inflight {
  row: CommandRow;
  expiry: NodeJS.Timeout;
  /** Updates of this command in flight (a final one may overtake a progress update, see pump). */
  writing: number;
  finalWriting: boolean;
  next: CommandProgress | null;
}

export interface CommandSettings {
  /** Whole life of a command before it is expired (jt808-server uses 10 s). */
  deadlineMs: number;
  /** T(1) of the resend schedule. */
  firstTimeoutMs: number;
  retries: number;
  /** Commands per vehicle per minute. */
  perVehiclePerMinute: number;
  /** Default time an API call waits for the outcome before answering with the command id. */
  waitMs: number;
}

export const DEFAULT_COMMAND_SETTINGS: CommandSettings = {
  deadlineMs: 10_000, firstTimeoutMs: 2_000, retries: 2, perVehiclePerMinute: 10, waitMs: 8_000,
};

export interface IssueCommand {
  vehicleId: number;
  kind: CommandKind;
  idempotencyKey?: string;
  tracking?: TrackingParams;
  requestedBy?: number;
  /** How long to wait for the outcome; 0 answers at once with the command id. */
  waitMs?: number;
}

export interface CommandView {
  id: string;
  vehicleId: number;
  kind: CommandKind;
  state: CommandState;
  final: boolean;
  attempts: number;
  lockState: 'locked' | 'unlocked' | null;
  failure: { code: string; message: string } | null;
  createdAt: string;
  updatedAt: string;
  deadlineAt: string;
}

/** Grace after the deadline for the worker's own expiry to arrive before this process expires it. */
const DEADLINE_GRACE_MS = 2_000;

/**
 * Lock/unlock, location query and temporary tracking through one path:
 * pending → sent → acknowledged → confirmed (0x0500 status bits) | failed | expired.
 */
export class CommandService {
  private readonly inflight = new Map<string, Inflight>();
  private readonly waiters = new Map<string, Array<(final?: CommandView) => void>>();

  constructor(
    private readonly store: CommandStore,
    private readonly directory: TerminalDirectory,
    private readonly registry: TerminalRegistry,
    private readonly bus: CommandBus,
    private readonly redis: Redis,
    private readonly settings: CommandSettings = DEFAULT_COMMAND_SETTINGS,
  ) {}

  /** Subscribes to progress from the gateway workers; call once at start. */
  start(): Promise<void> {
    return this.bus.onProgress((p) => this.onProgress(p));
  }

  /**
   * The fleet took the terminal off the vehicle (unbound, or the vehicle disposed, #17): its live session,
   * wherever it is, is dropped; the directory no longer knows the terminal, so it cannot sign in again.
   * Returns whether a session was found.
   */
  async disconnect(vehicleId: number): Promise<boolean> {
    const route = await this.registry.lookup(vehicleId);
    if (!route) return false;
    await this.bus.toWorker(route.workerId, { type: 'kick', vehicleId, connId: route.connId });
    return true;
  }

  async issue(input: IssueCommand): Promise<CommandView> {
    const terminal = await this.directory.findByVehicleId(input.vehicleId);
    if (!terminal) throw new NotFoundError(FleetErrorCode.VEHICLE_NOT_FOUND, `车辆 ${input.vehicleId} 不存在或未安装车载终端`);
    const waitMs = input.waitMs ?? this.settings.waitMs;
    const id = randomUUID();
    const keyName = input.idempotencyKey ? `tm:idem:${input.vehicleId}:${input.idempotencyKey}` : null;
    const rateKey = `tm:rate:${input.vehicleId}:${Math.floor(Date.now() / 60_000)}`;
    // The key claim, the rate count and the route lookup in one round trip (sent together).
    const [claim, count, located] = await Promise.allSettled([
      keyName ? this.redis.set(keyName, id, 'EX', 24 * 3600, 'NX') : Promise.resolve('OK'),
      this.countRate(rateKey),
      this.registry.lookup(input.vehicleId),
    ]);
    const uncount = () => count.status === 'fulfilled' && this.redis.decr(rateKey).catch(() => undefined);
    if (claim.status === 'rejected') {
      await uncount();
      throw claim.reason;
    }
    if (claim.value !== 'OK') {
      // One command per key, even for two requests racing each other: the key was claimed first by
      // another request, whose command this one answers with; a repeat does not count against the rate.
      await uncount();
      return this.existing(input, keyName as string, waitMs);
    }
    try {
      if (count.status === 'rejected') throw count.reason;
      if (located.status === 'rejected') throw located.reason;
      // The rate limit decides first.
      this.checkRate(count.value, terminal.plate);
      const route = located.value;
      if (!route) throw new ConflictError(TelematicsErrorCode.TERMINAL_OFFLINE, `车辆 ${formatPlate(terminal.plate)} 的车载终端不在线，指令未发送`, { vehicleId: input.vehicleId });
      const now = new Date();
      const deadlineAt = new Date(now.getTime() + this.settings.deadlineMs);
      const row: CommandRow = {
        id, vehicleId: input.vehicleId, kind: input.kind,
        params: input.tracking ? JSON.stringify(input.tracking) : null,
        idempotencyKey: input.idempotencyKey ?? null, state: 'pending', attempts: 0, failureCode: null,
        failureMessage: null, lockState: null, requestedBy: input.requestedBy ?? null, createdAt: now, deadlineAt, updatedAt: now,
      };
      // The command is on record before any terminal can see it.
      await this.store.insertCommand(row);
      const expiry = setTimeout(() => this.expireLocally(id), this.settings.deadlineMs + DEADLINE_GRACE_MS);
      this.inflight.set(id, { row: { ...row }, expiry, writing: 0, finalWriting: false, next: null });
      await this.bus.toWorker(route.workerId, {
        type: 'command', commandId: id, vehicleId: input.vehicleId, connId: route.connId, kind: input.kind,
        tracking: input.tracking, deadlineAt: deadlineAt.getTime(), firstTimeoutMs: this.settings.firstTimeoutMs, retries: this.settings.retries,
      });
    } catch (err) {
      // A refused command (offline, rate-limited) must not hold the key: a retry later may succeed.
      if (keyName) await this.redis.del(keyName);
      throw err;
    }
    return this.await(id, waitMs);
  }

  async get(id: string): Promise<CommandView> {
    const row = await this.store.findCommand(id);
    if (!row) throw new NotFoundError(TelematicsErrorCode.COMMAND_NOT_FOUND, `指令 ${id} 不存在`);
    if (!FINAL_STATES.has(row.state as CommandState) && Date.now() > row.deadlineAt.getTime() + 2 * DEADLINE_GRACE_MS) {
      // The process that issued it went away before the outcome: the deadline settles it.
      await this.apply({ commandId: id, state: 'expired', at: Date.now(), attempts: row.attempts, code: 'COMMAND_EXPIRED', message: '指令超时，结果未知' });
      return this.get(id);
    }
    return toView(row);
  }

  /** Waits up to `waitMs` for a final state, then answers with what is known. */
  async await(id: string, waitMs: number): Promise<CommandView> {
    if (waitMs <= 0) return this.get(id);
    let outcome: CommandView | undefined;
    let release: (final?: CommandView) => void = () => undefined;
    const settled = new Promise<void>((resolve) => {
      const timer = setTimeout(() => resolve(), waitMs);
      release = (final) => {
        outcome ??= final;
        clearTimeout(timer);
        resolve();
      };
    });
    // The waiter is in place before the first read, so an outcome landing in between is not missed.
    const list = this.waiters.get(id) ?? [];
    list.push(release);
    this.waiters.set(id, list);
    // A command of this process that is not final yet needs no read: its row is the one we hold.
    const mine = this.inflight.get(id);
    const first = mine ? toView(mine.row) : await this.get(id);
    if (first.final) release(first);
    await settled;
    const rest = (this.waiters.get(id) ?? []).filter((w) => w !== release);
    if (rest.length) this.waiters.set(id, rest);
    else this.waiters.delete(id);
    return outcome ?? this.get(id);
  }

  private async existing(input: IssueCommand, keyName: string, waitMs: number): Promise<CommandView> {
    for (let i = 0; i < 50; i++) {
      const row = await this.store.findCommandByKey(input.vehicleId, input.idempotencyKey as string);
      if (row) {
        if (row.kind !== input.kind) {
          throw new ConflictError(TelematicsErrorCode.IDEMPOTENCY_KEY_REUSED, `幂等键 ${input.idempotencyKey} 已用于 ${row.kind} 指令`);
        }
        return this.await(row.id, waitMs);
      }
      if (!(await this.redis.exists(keyName))) return this.issue(input);
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new ConflictError(TelematicsErrorCode.COMMAND_IN_PROGRESS, `车辆 ${input.vehicleId} 的同一指令正在提交，请稍后查询`);
  }

  /** Counts a command in its vehicle's minute; returns the count so far (the key expires after the minute). */
  private async countRate(key: string): Promise<number> {
    const r = await this.redis.multi().incr(key).expire(key, 61).exec();
    const [err, n] = r?.[0] ?? [new Error('rate count failed'), 0];
    if (err) throw err;
    return Number(n);
  }

  private checkRate(count: number, plate: string): void {
    if (count > this.settings.perVehiclePerMinute) {
      const wait = 60 - Math.floor((Date.now() % 60_000) / 1000);
      throw new RateLimitedError(TelematicsErrorCode.COMMAND_RATE_LIMITED, `车辆 ${formatPlate(plate)} 指令过于频繁，请 ${wait} 秒后再试`, { retryAfterSeconds: wait });
    }
  }

  private onProgress(p: CommandProgress): void {
    const f = this.inflight.get(p.commandId);
    // The row only moves forward: progress not ahead of what this process wrote has nothing to write.
    if (!f || !canMoveTo(f.row.state, p.state)) return;
    const waiting = f.next;
    if (!waiting) f.next = p;
    else if (canMoveTo(waiting.state, p.state)) f.next = { ...p, attempts: Math.max(p.attempts, waiting.attempts) };
    // else: p is not ahead of what already waits (a late "sent" after "acknowledged"): nothing to write.
    this.pump(f);
  }

  /**
   * Writes the waiting progress of one command, one update at a time, except that a final state
   * does not wait for a progress update in flight ("sent" is written while the terminal answers):
   * the updates are conditional, so whichever the database applies second either moves the row
   * further or changes nothing, and an operator waiting for the outcome gets it one update sooner.
   */
  private pump(f: Inflight): void {
    if (!f.next || (f.writing > 0 && (f.finalWriting || !FINAL_STATES.has(f.next.state)))) return;
    const p = f.next;
    const final = FINAL_STATES.has(p.state);
    f.next = null;
    f.writing++;
    if (final) f.finalWriting = true;
    this.apply(p, f)
      .catch(() => undefined)
      .finally(() => {
        f.writing--;
        if (final) f.finalWriting = false;
        if (this.inflight.get(f.row.id) === f) this.pump(f);
      });
  }

  private expireLocally(id: string): void {
    this.onProgress({ commandId: id, state: 'expired', at: Date.now(), attempts: 0, code: 'COMMAND_EXPIRED', message: '网关未在时限内回报结果，车门状态未知' });
  }

  /**
   * One conditional UPDATE: the state moves only forward (canMoveTo), decided by the database
   * itself, so a write of another process (or a late, older progress) can never be overwritten.
   */
  private async apply(p: CommandProgress, f?: Inflight): Promise<void> {
    const patch: Partial<CommandRow> = { state: p.state, updatedAt: new Date(p.at) };
    if (p.attempts) patch.attempts = p.attempts;
    if (p.code) patch.failureCode = p.code;
    if (p.message) patch.failureMessage = p.message.slice(0, 255);
    if (p.lockState && p.state !== 'expired') patch.lockState = p.lockState;
    const moved = await this.store.updateCommandIf(p.commandId, statesBefore(p.state), patch);
    // A progress update answered after the final one (both moved the row, in that order) must not
    // turn the mirror back: the mirror follows the state only forward.
    if (moved && f && canMoveTo(f.row.state, p.state)) Object.assign(f.row, patch);
    if (moved && FINAL_STATES.has(p.state)) {
      const mine = this.inflight.get(p.commandId);
      if (mine) clearTimeout(mine.expiry);
      this.inflight.delete(p.commandId);
      // The row as written is the outcome when this process held it; otherwise waiters read it.
      const view = f ? toView(f.row) : undefined;
      for (const w of this.waiters.get(p.commandId) ?? []) w(view);
      this.waiters.delete(p.commandId);
    } else if (!moved && f && this.inflight.get(p.commandId) === f) {
      // Someone else moved the row (or it is gone): stop mirroring it, and let waiters read it.
      const row = await this.store.findCommand(p.commandId);
      if (!row || FINAL_STATES.has(row.state as CommandState)) {
        clearTimeout(f.expiry);
        this.inflight.delete(p.commandId);
        for (const w of this.waiters.get(p.commandId) ?? []) w();
        this.waiters.delete(p.commandId);
      } else {
        f.row = row;
      }
    }
  }

  stop(): void {
    for (const f of this.inflight.values()) clearTimeout(f.expiry);
  }
}

function toView(r: CommandRow): CommandView {
  const state = r.state as CommandState;
  return {
    id: r.id, vehicleId: r.vehicleId, kind: r.kind as CommandKind, state, final: FINAL_STATES.has(state),
    attempts: r.attempts, lockState: (r.lockState as CommandView['lockState']) ?? null,
    failure: r.failureCode ? { code: r.failureCode, message: r.failureMessage ?? '' } : null,
    createdAt: new Date(r.createdAt).toISOString(), updatedAt: new Date(r.updatedAt).toISOString(),
    deadlineAt: new Date(r.deadlineAt).toISOString(),
  };
}
