import net from 'node:net';
import {
  decodeDoorControl, decodeMessage, encodeMessage, encodeSplitMessage, formatGpsTime, FrameSplitter,
  REGISTER_RESULT, REPLY_RESULT, STANDARD_PROFILE, STATUS, type Body, type DeviceProfile, type Edition,
  type Location,
} from '../../modules/telematics';
import { readPlatformReply, ReportEncoder, type ReportFields } from './fast-frames';
import { positionAt, type Loop, type Motion } from './route';

/** Ways a simulated terminal can misbehave, on request. */
export type Misbehaviour = 'none' | 'noReply' | 'lateReply' | 'wrongPolarity' | 'disconnectOnCommand' | 'garbage';

export interface TerminalSpec {
  phone: string;
  edition: Edition;
  plate: string;
  loop: Loop;
  /** When given, where the car is and its odometer come from here instead of the loop (the demo fleet). */
  motion?: Motion;
  /** How the device reads 0x8500 (its firmware); wrongPolarity inverts it on top. */
  firmware?: DeviceProfile;
  locked?: boolean;
}

export interface ConnectOptions {
  host: string;
  port: number;
  localAddress?: string;
  /** Time to wait for a platform reply before giving up (simulator side). */
  replyTimeoutMs?: number;
}

interface Waiter {
  resolve: (result: number) => void;
  deadline: number;
}

/**
 * Reply timeouts are checked by one shared timer over the terminals that wait for a reply:
 * thousands of terminals each arming a timer per report cost more CPU than the reports themselves.
 * A terminal is in the set only while it waits (replies come in milliseconds), so a tick looks at
 * a few hundred terminals, not the fleet.
 */
const live = new Set<SimulatedTerminal>();
let sweeper: NodeJS.Timeout | null = null;
function watch(t: SimulatedTerminal): void {
  live.add(t);
  if (!sweeper) {
    sweeper = setInterval(() => {
      const now = Date.now();
      for (const x of live) x.expireWaiters(now);
    }, 500);
    sweeper.unref();
  }
}
function unwatch(t: SimulatedTerminal): void {
  live.delete(t);
  if (live.size === 0 && sweeper) {
    clearInterval(sweeper);
    sweeper = null;
  }
}

/** The read buffer of every simulated terminal's socket (see connect). */
const readBuffer = Buffer.allocUnsafe(64 * 1024);

/** One JT/T 808 terminal: registers, authenticates, heartbeats, reports and obeys 0x8500. */
export class SimulatedTerminal {
  private socket: net.Socket | null = null;
  private readonly splitter = new FrameSplitter(8192);
  private serial = 0;
  private readonly waiters = new Map<number, Waiter>();
  private lastSplit: Buffer[] = [];
  private readonly started = Date.now();
  private timers: NodeJS.Timeout[] = [];
  authCode: string | null = null;
  loggedIn = false;
  locked: boolean;
  behaviour: Misbehaviour = 'none';
  lateReplyMs = 2000;
  alarm = 0;
  readonly stats = { reportsSent: 0, reportsAcked: 0, reportsFailed: 0, commandsReceived: 0 };
  onCommand: ((kind: string) => void) | null = null;
  /** Called with the round trip of every acknowledged report (send → platform reply). */
  onReportAcked: ((ms: number) => void) | null = null;

  constructor(readonly spec: TerminalSpec, private readonly replyTimeoutMs = 10_000) {
    this.locked = spec.locked ?? true;
  }

  get connected(): boolean {
    return !!this.socket && !this.socket.destroyed;
  }

  async connect(o: ConnectOptions): Promise<void> {
    // Reads land in one buffer shared by every terminal of the process and go straight to onData
    // (which copies what it keeps): no stream machinery and no new buffer per read.
    const socket = net.connect({
      host: o.host, port: o.port, localAddress: o.localAddress,
      onread: {
        buffer: readBuffer,
        callback: (n: number, buf: Uint8Array) => {
          this.onData(Buffer.from(buf.buffer, buf.byteOffset, n));
          return true;
        },
      },
    });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    socket.on('close', () => this.failWaiters());
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
  }

  /** Registers unless an auth code is known, then authenticates. Throws with the platform's result. */
  async login(): Promise<void> {
    if (!this.authCode) {
      const result = await this.register();
      if (result !== REGISTER_RESULT.ok) throw new Error(`register refused: result ${result}`);
    }
    const result = await this.request({
      kind: 'auth',
      body: this.spec.edition === 2019 ? { authCode: this.authCode ?? '', imei: '860000000000001', softwareVersion: 'sim-1.0' } : { authCode: this.authCode ?? '' },
    });
    if (result !== REPLY_RESULT.ok) throw new Error(`auth refused: result ${result}`);
    this.loggedIn = true;
  }

  private registerResult: ((r: number) => void) | null = null;
  register(): Promise<number> {
    return new Promise<number>((resolve) => {
      const timer = setTimeout(() => resolve(-1), this.replyTimeoutMs);
      this.registerResult = (r) => {
        clearTimeout(timer);
        resolve(r);
      };
      this.send({
        kind: 'register',
        body: { province: 13, city: 100, maker: 'SIM01', model: this.spec.firmware?.model ?? 'SIM-T1', terminalId: this.spec.phone.slice(-7), plateColor: 1, plate: this.spec.plate },
      });
    });
  }

  heartbeat(): Promise<number> {
    return this.request({ kind: 'heartbeat' });
  }

  /** The report fields at a time: position on the loop, lock state, odometer. */
  fields(at = Date.now()): ReportFields {
    const m = this.spec.motion;
    const fix = m ? m.fixAt(at) : { ...positionAt(this.spec.loop, at - this.started), moving: true };
    let status = (fix.moving ? STATUS.acc : 0) | STATUS.fixed | (1 << 18);
    if (this.locked) status |= STATUS.doorLocked;
    return {
      alarm: this.alarm, status, latE6: Math.round(Math.abs(fix.lat) * 1e6), lonE6: Math.round(Math.abs(fix.lon) * 1e6),
      altitude: 80, speed: Math.round(fix.speedKmh * 10), direction: fix.direction, at,
      odometer: m ? m.odometerHmAt(at) : Math.floor((at - this.started) / 100), signal: 25, fuel: m?.fuelDlAt?.(at) ?? null,
    };
  }

  location(at = Date.now()): Location {
    return locationOf(this.fields(at));
  }

  /** One 0x0200 with the next serial, encoded from a template (the bytes encodeMessage would make). */
  private sendReport(f: ReportFields, then: (result: number) => void): void {
    if (!this.connected) return then(-1);
    const serial = this.serial;
    this.serial = (this.serial + 1) & 0xffff;
    // A fuel reading is not in the hot path's template: such a report takes the full encoder.
    if (f.fuel != null) this.socket?.write(encodeMessage(this.addr(serial), { kind: 'location', body: locationOf(f) }));
    else {
      this.reportEncoder ??= new ReportEncoder(this.spec.edition, this.spec.phone);
      this.socket?.write(this.reportEncoder.encode(serial, f));
    }
    this.onReply(serial, then);
  }
  private reportEncoder: ReportEncoder | null = null;

  /** Sends one 0x0200; resolves with the platform's reply result (−1 on timeout or disconnect). */
  report(): Promise<number> {
    return new Promise((resolve) => this.reportThen(resolve));
  }

  /**
   * report() without a promise per report (the fleet's pacer sends thousands a second): `done`
   * gets the platform's final result, after the resends a failed store asks for.
   */
  reportThen(done?: (result: number) => void): void {
    this.stats.reportsSent++;
    if (this.behaviour === 'garbage') this.socket?.write(randomGarbage());
    const t0 = Date.now();
    const fields = this.fields(t0);
    const settle = (r: number) => {
      if (r === REPLY_RESULT.ok) {
        this.stats.reportsAcked++;
        this.onReportAcked?.(Date.now() - t0);
      } else this.stats.reportsFailed++;
      done?.(r);
    };
    this.sendReport(fields, (r) => {
      if (r === REPLY_RESULT.fail) void this.resendReport(fields).then(settle);
      else settle(r);
    });
  }

  /** The platform answers 1 when it could not store the report: resend on the standard's back-off. */
  private async resendReport(fields: ReportFields): Promise<number> {
    let r: number = REPLY_RESULT.fail;
    for (let n = 1, wait = 1000; r === REPLY_RESULT.fail && this.loggedIn && n <= 3 && this.connected; n++, wait *= n) {
      await new Promise((res) => setTimeout(res, wait));
      r = await new Promise<number>((res) => this.sendReport(fields, res));
    }
    return r;
  }

  /** Sends a 0x0704 back-fill split into parts of `partSize` body bytes. */
  sendSplitBatch(items: Location[], partSize: number, skipParts: number[] = []): Promise<number> {
    const first = this.serial;
    const frames = encodeSplitMessage(this.addr(first), { kind: 'batchLocation', body: { type: 1, items } }, partSize);
    this.serial = (first + frames.length) & 0xffff;
    this.lastSplit = frames;
    const reply = this.waitReply(first);
    frames.forEach((f, i) => {
      if (!skipParts.includes(i + 1)) this.socket?.write(f);
    });
    return reply;
  }

  /** Reports every `intervalMs` and heartbeats every `heartbeatMs` until stopped. */
  drive(intervalMs: number, heartbeatMs = 30_000): void {
    this.timers.push(setInterval(() => void this.report(), intervalMs));
    this.timers.push(setInterval(() => void this.heartbeat(), heartbeatMs));
  }

  /** Heartbeats every `heartbeatMs` until stopped (the fleet paces the reports itself). */
  startHeartbeat(heartbeatMs: number, phaseMs = 0): void {
    const first = setTimeout(() => {
      void this.heartbeat();
      this.timers.push(setInterval(() => void this.heartbeat(), heartbeatMs));
    }, heartbeatMs + phaseMs);
    first.unref();
    this.timers.push(first);
  }

  /** Stops the report and heartbeat timers; the connection stays open. */
  stopDriving(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
  }

  writeRaw(bytes: Buffer): void {
    this.socket?.write(bytes);
  }

  close(): void {
    this.stopDriving();
    this.socket?.destroy();
    this.failWaiters();
  }


  private addr(serial: number) {
    return { edition: this.spec.edition, phone: this.spec.phone, serial };
  }

  private send(msg: Body): number {
    const serial = this.serial;
    this.serial = (this.serial + 1) & 0xffff;
    this.socket?.write(encodeMessage(this.addr(serial), msg));
    return serial;
  }

  /** Sends any message and resolves with the platform reply result (−1 on timeout). */
  request(msg: Body): Promise<number> {
    if (!this.connected) return Promise.resolve(-1);
    return this.waitReply(this.send(msg));
  }

  private waitReply(serial: number): Promise<number> {
    return new Promise<number>((resolve) => this.onReply(serial, resolve));
  }

  private onReply(serial: number, resolve: (result: number) => void): void {
    if (this.waiters.size === 0) watch(this);
    this.waiters.set(serial, { resolve, deadline: Date.now() + this.replyTimeoutMs });
  }

  /** Resolves with −1 every wait past its deadline (called by the shared sweeper). */
  expireWaiters(now: number): void {
    // Waits are kept in the order they were made, all with this terminal's timeout: deadline order.
    for (const [serial, w] of this.waiters) {
      if (w.deadline > now) break;
      this.waiters.delete(serial);
      w.resolve(-1);
    }
    if (this.waiters.size === 0) unwatch(this);
  }

  private failWaiters(): void {
    const all = [...this.waiters.values()];
    this.waiters.clear();
    unwatch(this);
    for (const w of all) w.resolve(-1);
  }

  private onData(chunk: Buffer): void {
    for (const frame of this.splitter.push(chunk)) {
      const reply = readPlatformReply(frame);
      if (reply) {
        this.onMessage(0, { kind: 'platformReply', body: reply });
        continue;
      }
      let decoded: ReturnType<typeof decodeMessage>;
      try {
        decoded = decodeMessage(frame, this.spec.edition);
      } catch {
        continue;
      }
      this.onMessage(decoded.header.serial, decoded.message);
    }
  }

  private onMessage(serial: number, m: Body): void {
    switch (m.kind) {
      case 'platformReply': {
        const w = this.waiters.get(m.body.replySerial);
        if (!w) return;
        this.waiters.delete(m.body.replySerial);
        if (this.waiters.size === 0) unwatch(this);
        w.resolve(m.body.result);
        return;
      }
      case 'registerReply':
        if (m.body.authCode) this.authCode = m.body.authCode;
        this.registerResult?.(m.body.result);
        return;
      case 'resendRequest':
        for (const id of m.body.ids) if (this.lastSplit[id - 1]) this.socket?.write(this.lastSplit[id - 1]);
        return;
      case 'vehicleControl':
      case 'queryLocation':
      case 'tempTracking':
        return this.onCommandMessage(serial, m);
    }
  }

  private onCommandMessage(serial: number, m: Body): void {
    this.stats.commandsReceived++;
    this.onCommand?.(m.kind);
    if (this.behaviour === 'noReply') return;
    if (this.behaviour === 'disconnectOnCommand') return void this.socket?.destroy();
    const act = () => {
      if (m.kind === 'vehicleControl') {
        const firmware = this.spec.firmware ?? STANDARD_PROFILE;
        const profile: DeviceProfile = this.behaviour === 'wrongPolarity'
          ? { ...firmware, lockPolarity: firmware.lockPolarity === 'standard' ? 'inverted' : 'standard' }
          : firmware;
        const action = decodeDoorControl(m.body, profile);
        if (action) this.locked = action === 'lock';
        this.send({ kind: 'vehicleControlReply', body: { replySerial: serial, location: this.location() } });
      } else if (m.kind === 'queryLocation') {
        this.send({ kind: 'queryLocationReply', body: { replySerial: serial, location: this.location() } });
      } else {
        this.send({ kind: 'terminalReply', body: { replySerial: serial, replyId: 0x8202, result: REPLY_RESULT.ok } });
      }
    };
    if (this.behaviour === 'lateReply') setTimeout(act, this.lateReplyMs);
    else act();
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function randomGarbage(): Buffer {
  const b = Buffer.alloc(8 + Math.floor(Math.random() * 24));
  for (let i = 0; i < b.length; i++) b[i] = Math.floor(Math.random() * 256);
  return b;
}

/** The report fields as a Location (0x01 odometer, 0x02 fuel when reported, 0x30 signal). */
function locationOf(f: ReportFields): Location {
  return {
    alarm: f.alarm, status: f.status, latE6: f.latE6, lonE6: f.lonE6, altitude: f.altitude, speed: f.speed,
    direction: f.direction, time: formatGpsTime(new Date(f.at)),
    items: [
      { id: 0x01, value: u32(f.odometer) },
      ...(f.fuel != null ? [{ id: 0x02, value: Buffer.from([(f.fuel >> 8) & 0xff, f.fuel & 0xff]) }] : []),
      { id: 0x30, value: Buffer.from([f.signal]) },
    ],
  };
}
