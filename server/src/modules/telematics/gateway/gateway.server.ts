import { createHmac, getHashes, timingSafeEqual } from 'node:crypto';

/**
 * Auth codes are HMAC-SM3 (GB/T 32905, the 国密 hash government systems are assessed against) when the
 * runtime's OpenSSL has SM3, as Node's builds do; HMAC-SHA-256 otherwise.
 */
export const AUTH_CODE_HASH = getHashes().includes('sm3') ? 'sm3' : 'sha256';
import net from 'node:net';
import {
  decodeBody, decodePacket, Jt808DecodeError, MSG, normalizePhone, readLocationReport, REGISTER_RESULT, REPLY_RESULT, STATUS,
  type Body, type DeviceProfiles, type FastReport, type Header, type Location,
} from '../jt808';
import type { LatestPositionStore } from '../latest-position.store';
import type { PositionRecord, PositionSink, PositionSource, TelematicsEventSink, TerminalDirectory } from '../telematics.ports';
import type { WorkerRequest } from '../command.types';
import type { CommandBus } from './command-bus';
import { DownlinkManager } from './downlink';
import { PositionBuffer } from './position-buffer';
import { toRecord, trackChanges } from './position-mapping';
import { Session } from './session';
import type { TerminalRegistry } from './terminal-registry';

export interface GatewayLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface GatewayOptions {
  host: string;
  port: number;
  workerId: string;
  /** Secret behind the auth codes (HMAC of the terminal identity), shared by all workers. */
  authSecret: string;
  heartbeatTimeoutMs: number;
  /** How long a split message may idle before its missing parts are asked for (0x8003). */
  splitIdleMs: number;
  maxConnections: number;
  flush: { maxRows: number; intervalMs: number; highWater: number };
  directory: TerminalDirectory;
  profiles: DeviceProfiles;
  positions: PositionSink;
  latest: LatestPositionStore;
  registry: TerminalRegistry;
  bus: CommandBus;
  events: TelematicsEventSink;
  /** Each batch of reports once it is stored (the instance's live report stream); none by default. */
  reports?: (rows: PositionRecord[]) => void;
  logger: GatewayLogger;
}

/** Consecutive undecodable frames after which a connection is closed. */
const MAX_BAD_FRAMES = 20;
/** Paused sockets resumed per turn of the event loop. */
const RESUME_SLICE = 200;
/** Frames waiting per session past which the socket stops being read. */
const MAX_QUEUED = 64;

/**
 * Whether an escaped frame (flags excluded) is a terminal's reply to a platform command, read from
 * the message id in its first two bytes (none of these ids contains an escaped byte).
 */
function isCommandReply(frame: Buffer): boolean {
  if (frame.length < 2) return false;
  const id = (frame[0] << 8) | frame[1];
  return id === 0x0001 || id === 0x0500 || id === 0x0201;
}

/** The JT/T 808 TCP gateway of one worker process. */
export class Jt808Gateway {
  private readonly server: net.Server;
  private readonly sessions = new Set<Session>();
  private readonly byVehicle = new Map<number, Session>();
  private readonly buffer: PositionBuffer;
  private readonly downlink: DownlinkManager;
  private readonly paused = new Set<Session>();
  private sweeper: NodeJS.Timeout | null = null;
  private connSeq = 0;
  readonly stats = { connections: 0, frames: 0, badFrames: 0, reports: 0 };

  constructor(private readonly o: GatewayOptions) {
    this.buffer = new PositionBuffer(o.positions, o.latest, o.flush);
    this.buffer.onDrain = () => this.resumeAll();
    this.buffer.onError = (err) => o.logger.error({ err }, 'position batch write failed');
    this.buffer.onStored = o.reports ?? null;
    this.downlink = new DownlinkManager(o.bus);
    this.server = net.createServer((s) => this.accept(s));
    this.server.maxConnections = o.maxConnections;
  }

  /** Batch writes since the last call (see PositionBuffer.takeDiagnostics). */
  takeStoreDiagnostics() {
    return this.buffer.takeDiagnostics();
  }

  get storedReports(): number {
    return this.buffer.stored;
  }
  get connectionCount(): number {
    return this.sessions.size;
  }
  get address(): net.AddressInfo {
    return this.server.address() as net.AddressInfo;
  }

  async start(): Promise<void> {
    await this.o.bus.onWorkerRequest(this.o.workerId, (req) => this.onRequest(req));
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.o.port, this.o.host, () => resolve());
    });
    const every = Math.max(50, Math.min(this.o.heartbeatTimeoutMs, this.o.splitIdleMs) / 4);
    this.sweeper = setInterval(() => this.sweep(), every);
    this.sweeper.unref();
  }

  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    if (this.resuming) clearImmediate(this.resuming);
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sessions) s.socket.destroy();
    });
    await this.buffer.flush();
    this.buffer.stop();
    await this.o.bus.close();
  }

  private accept(socket: net.Socket): void {
    const session = new Session(`${this.o.workerId}-${++this.connSeq}`, socket);
    this.sessions.add(session);
    this.stats.connections++;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(session, chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => this.onClose(session));
  }

  /** Closes a connection now; frames already queued for it are skipped. */
  private drop(s: Session): void {
    s.closed = true;
    s.socket.destroy();
  }

  private onData(session: Session, chunk: Buffer): void {
    if (session.closed) return;
    session.lastSeen = Date.now();
    for (const frame of session.splitter.push(chunk)) {
      this.stats.frames++;
      if (session.queued === 0) {
        // Nothing of this session in flight: handle now, and chain only if the handler waits.
        const pending = this.runFrame(session, frame);
        if (pending) this.track(session, pending);
      } else if (isCommandReply(frame)) {
        // A terminal's answer to a command (0x0001, 0x0500, 0x0201) is handled at once even behind
        // a waiting frame: it only settles a pending command (and stores a position), and an
        // operator is waiting for it. Later frames still queue behind the earlier ones.
        this.runFrame(session, frame)?.catch((err: unknown) => this.o.logger.error({ err, conn: session.connId }, 'frame handler failed'));
      } else {
        this.track(session, session.queue.then(() => this.runFrame(session, frame)));
      }
    }
    if (session.queued >= MAX_QUEUED || this.buffer.overloaded) this.pause(session);
  }

  /** Frames of one session are handled in order; a handler that waits holds the ones behind it. */
  private track(session: Session, work: Promise<void>): void {
    session.queued++;
    session.queue = work
      .catch((err: unknown) => this.o.logger.error({ err, conn: session.connId }, 'frame handler failed'))
      .finally(() => {
        session.queued--;
        if (session.queued < MAX_QUEUED / 2 && !this.buffer.overloaded) this.resume(session);
      });
  }

  private runFrame(session: Session, frame: Buffer): Promise<void> | undefined {
    try {
      return this.handleFrame(session, frame);
    } catch (err) {
      this.o.logger.error({ err, conn: session.connId }, 'frame handler failed');
      return undefined;
    }
  }

  /** Back-pressure: stop reading from a terminal whose frames (or the store) cannot keep up. */
  private pause(s: Session): void {
    // A terminal with a command outstanding keeps being read: its answer is what an operator waits for.
    if (this.paused.has(s) || s.closed || this.downlink.awaiting(s)) return;
    this.paused.add(s);
    s.socket.pause();
  }
  private resume(s: Session): void {
    if (!this.paused.delete(s)) return;
    if (!s.closed) s.socket.resume();
  }
  /**
   * Resumes paused terminals a slice per turn of the event loop: each resumed socket hands over
   * what it buffered while paused, and thousands at once would be one long task holding every
   * command and reply behind it.
   */
  private resumeAll(): void {
    if (this.resuming) return;
    const step = () => {
      this.resuming = null;
      let n = 0;
      for (const s of this.paused) {
        if (this.buffer.overloaded) return;
        if (s.queued >= MAX_QUEUED / 2) continue;
        this.resume(s);
        if (++n >= RESUME_SLICE) {
          this.resuming = setImmediate(step);
          return;
        }
      }
    };
    this.resuming = setImmediate(step);
  }
  private resuming: NodeJS.Immediate | null = null;

  /** Returns a promise only when the message needs to wait (directory, registry). */
  private handleFrame(session: Session, frame: Buffer): Promise<void> | undefined {
    if (session.closed) return;
    // The frame sent most, a plain 0x0200 from a terminal already known on this connection, read
    // straight into the record; anything else (or anything odd about it) takes the general path.
    if (session.authenticated && session.info && frame[0] === 0x02 && frame[1] === 0x00) {
      const report = readLocationReport(frame, session.edition, session.version, session.phone);
      if (report) {
        session.badFrames = 0;
        return this.storeReport(session, report);
      }
    }
    let header: Header;
    let raw: Buffer;
    try {
      ({ header, body: raw } = decodePacket(frame));
    } catch (err) {
      this.badFrame(session, err);
      return;
    }
    session.edition = header.edition;
    session.version = header.version || 1;
    session.phone = header.phone;
    const whole = session.reassembler.add(header, raw, Date.now());
    if (!whole) return;
    let body: Body;
    try {
      body = decodeBody(header.msgId, whole.body, session.bodyEdition);
    } catch (err) {
      this.badFrame(session, err);
      session.reply(whole.firstSerial, header.msgId, REPLY_RESULT.bad);
      return;
    }
    session.badFrames = 0;
    return this.handleMessage(session, whole.firstSerial === header.serial ? header : { ...header, serial: whole.firstSerial }, body);
  }

  private badFrame(session: Session, err: unknown): void {
    this.stats.badFrames++;
    if (!(err instanceof Jt808DecodeError) && !(err instanceof RangeError)) throw err;
    if (++session.badFrames >= MAX_BAD_FRAMES) this.drop(session);
  }

  private handleMessage(s: Session, h: Header, b: Body): Promise<void> | undefined {
    switch (b.kind) {
      case 'register':
        return this.register(s, h, b.body.plate);
      case 'auth':
        return this.authenticate(s, h, b.body.authCode);
      case 'heartbeat':
        s.reply(h.serial, h.msgId, REPLY_RESULT.ok);
        return this.refreshRoute(s);
      case 'unregister':
        s.reply(h.serial, h.msgId, REPLY_RESULT.ok);
        s.authenticated = false;
        return;
    }
    if (!s.authenticated || !s.info) {
      s.reply(h.serial, h.msgId, REPLY_RESULT.fail);
      return;
    }
    switch (b.kind) {
      case 'location':
        return this.storeReports(s, h, [b.body], 'report');
      case 'batchLocation':
        return this.storeReports(s, h, b.body.items, b.body.type === 1 ? 'backfill' : 'report');
      case 'terminalReply':
        this.downlink.onTerminalReply(s, b.body);
        return;
      case 'vehicleControlReply':
      case 'queryLocationReply':
        this.downlink.onLocationReply(s, h.msgId, b.body);
        return this.storeReports(s, h, [b.body.location], 'reply', false);
      default:
        s.reply(h.serial, h.msgId, REPLY_RESULT.unsupported);
    }
  }

  private async register(s: Session, h: Header, plate: string): Promise<void> {
    const phone = normalizePhone(h.phone);
    const info = await this.o.directory.findByPhone(phone);
    const reply = (result: number, authCode?: string) =>
      s.send({ kind: 'registerReply', body: authCode ? { replySerial: h.serial, result, authCode } : { replySerial: h.serial, result } });
    if (!info) return void reply(REGISTER_RESULT.noSuchTerminal);
    if (plate && info.plate && plate !== info.plate) return void reply(REGISTER_RESULT.noSuchVehicle);
    s.info = info;
    s.profile = this.o.profiles.resolve(info.deviceModel);
    reply(REGISTER_RESULT.ok, this.authCode(phone, info.vehicleId));
  }

  /** The code 0x8100 hands out and 0x0102 must bring back: an HMAC of the terminal's identity (SM3 where available). */
  private authCode(phone: string, vehicleId: number): string {
    return createHmac(AUTH_CODE_HASH, this.o.authSecret).update(`${phone}:${vehicleId}`).digest('base64url').slice(0, 16);
  }

  private async authenticate(s: Session, h: Header, code: string): Promise<void> {
    const phone = normalizePhone(h.phone);
    const info = s.info ?? (await this.o.directory.findByPhone(phone));
    const expected = info ? Buffer.from(this.authCode(phone, info.vehicleId)) : null;
    const given = Buffer.from(code);
    if (!info || !expected || expected.length !== given.length || !timingSafeEqual(expected, given)) {
      s.reply(h.serial, h.msgId, REPLY_RESULT.fail);
      if (++s.authFailures >= 3) this.drop(s);
      return;
    }
    s.info = info;
    s.profile = this.o.profiles.resolve(info.deviceModel);
    s.authenticated = true;
    const previous = this.byVehicle.get(info.vehicleId);
    if (previous && previous !== s) this.drop(previous);
    this.byVehicle.set(info.vehicleId, s);
    s.reply(h.serial, h.msgId, REPLY_RESULT.ok);
    const old = await this.o.registry.claim(info.vehicleId, this.route(s));
    s.lastRefresh = Date.now();
    if (old && old.workerId !== this.o.workerId) {
      await this.o.bus.toWorker(old.workerId, { type: 'kick', vehicleId: info.vehicleId, connId: old.connId });
    }
    this.o.events.publish({ type: 'terminal.online', vehicleId: info.vehicleId, at: new Date().toISOString() });
  }

  private route(s: Session) {
    return { workerId: this.o.workerId, connId: s.connId, phone: s.info ? s.info.phone : normalizePhone(s.phone) };
  }

  /**
   * Keeps the registry entry alive; at most every third of its TTL per terminal. Nothing waits for
   * it: the terminal's next frames need not be held behind a Redis round trip (commands on this
   * Redis connection keep their order, so a release after it still comes after it).
   */
  private refreshRoute(s: Session): undefined {
    if (!s.authenticated || !s.info) return;
    const now = Date.now();
    if (now - s.lastRefresh < this.o.heartbeatTimeoutMs / 3) return;
    s.lastRefresh = now;
    this.o.registry.refresh(s.info.vehicleId, this.route(s)).catch((err: unknown) => this.o.logger.warn({ err, conn: s.connId }, 'terminal route refresh failed'));
  }

  private storeReports(s: Session, h: Header, locs: Location[], source: PositionSource, reply = true): Promise<void> | undefined {
    const info = s.info as NonNullable<Session['info']>;
    const now = new Date();
    const rows = locs.map((l) => toRecord(info, l, now, source));
    this.stats.reports += rows.length;
    if (source !== 'backfill' && locs.length > 0) trackChanges(s, info.vehicleId, locs[locs.length - 1], now, this.o.events);
    this.buffer.add(rows, (ok) => {
      if (reply) s.reply(h.serial, h.msgId, ok ? REPLY_RESULT.ok : REPLY_RESULT.fail);
    });
    if (this.buffer.overloaded) this.pause(s);
    return this.refreshRoute(s);
  }

  /** storeReports for one 0x0200 read by the fast path: the same record, event and reply. */
  private storeReport(s: Session, r: FastReport): Promise<void> | undefined {
    const info = s.info as NonNullable<Session['info']>;
    const now = new Date();
    const row: PositionRecord = {
      vehicleId: info.vehicleId,
      phone: info.phone,
      gpsTime: r.gpsTimeMs === null ? now : new Date(r.gpsTimeMs),
      receivedAt: now,
      latE6: r.status & STATUS.south ? -r.latE6 : r.latE6,
      lonE6: r.status & STATUS.west ? -r.lonE6 : r.lonE6,
      altitude: r.altitude,
      speed: r.speed,
      direction: r.direction,
      alarm: r.alarm,
      status: r.status,
      odometer: r.odometer,
      fuel: r.fuel,
      source: 'report',
    };
    this.stats.reports++;
    trackChanges(s, info.vehicleId, r, now, this.o.events);
    this.buffer.add([row], (ok) => s.reply(r.serial, MSG.location, ok ? REPLY_RESULT.ok : REPLY_RESULT.fail));
    if (this.buffer.overloaded) this.pause(s);
    return this.refreshRoute(s);
  }

  private onRequest(req: WorkerRequest): void {
    const s = this.byVehicle.get(req.vehicleId);
    if (req.type === 'kick') {
      if (s && s.connId === req.connId) this.drop(s);
      return;
    }
    const target = s && s.connId === req.connId && !s.closed ? s : null;
    this.downlink.execute(target, req);
    if (target) this.resume(target);
  }

  private onClose(s: Session): void {
    s.closed = true;
    this.sessions.delete(s);
    this.paused.delete(s);
    this.downlink.onClose(s);
    if (s.info && s.authenticated && this.byVehicle.get(s.info.vehicleId) === s) {
      this.byVehicle.delete(s.info.vehicleId);
      const vehicleId = s.info.vehicleId;
      this.o.registry.release(vehicleId, this.route(s)).catch(() => undefined);
      this.o.events.publish({ type: 'terminal.offline', vehicleId, at: new Date().toISOString() });
    }
  }

  private sweep(): void {
    const now = Date.now();
    for (const s of this.sessions) {
      // A paused socket is not read, so its silence is ours, not the terminal's.
      if (this.paused.has(s)) s.lastSeen = now;
      if (now - s.lastSeen > this.o.heartbeatTimeoutMs) {
        this.drop(s);
        continue;
      }
      for (const m of s.reassembler.takeMissing(now, this.o.splitIdleMs)) {
        s.send({ kind: 'resendRequest', body: { originalSerial: m.firstSerial, ids: m.ids } });
      }
    }
  }
}
