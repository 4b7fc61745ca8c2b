import type { DeviceProfile, Edition } from '../../modules/telematics';
import { loopFor, type Loop } from './route';
import { SimulatedTerminal, type Misbehaviour } from './simulated-terminal';

export interface FleetTerminal {
  phone: string;
  plate: string;
  edition: Edition;
  firmware?: DeviceProfile;
  loop?: Loop;
}

export interface FleetOptions {
  host: string;
  port: number;
  /** Source addresses to spread connections over (each has its own ephemeral ports). */
  localAddresses?: string[];
  /** Destination addresses to spread over, e.g. 127.0.0.1–127.0.0.4 for a gateway on 0.0.0.0. */
  hosts?: string[];
  /** Connections being set up at once. */
  concurrency?: number;
  replyTimeoutMs?: number;
}

/** The identity of simulated terminal `index`: phone from a base number, plate derived from it. */
export function simulatedIdentity(firstPhone: number, index: number): { phone: string; plate: string } {
  const phone = String(firstPhone + index);
  return { phone, plate: `冀S${phone.slice(-5)}` };
}

/** Keeps up to `max` latency samples, each kept with equal chance (reservoir sampling). */
export class LatencySample {
  readonly values: number[] = [];
  seen = 0;
  constructor(private readonly max = 20_000) {}
  add(v: number): void {
    this.seen++;
    if (this.values.length < this.max) this.values.push(v);
    else {
      const j = Math.floor(Math.random() * this.seen);
      if (j < this.max) this.values[j] = v;
    }
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Reports sent per turn of the simulator's event loop. */
const SLICE = 200;

/** Many simulated terminals: connect and log in with bounded concurrency, drive, stop, count. */
export class SimulatorFleet {
  readonly terminals: SimulatedTerminal[];
  readonly reportLatency = new LatencySample();
  loginFailures = 0;

  constructor(specs: FleetTerminal[], private readonly o: FleetOptions) {
    this.terminals = specs.map((s, i) => {
      const t = new SimulatedTerminal({ ...s, loop: s.loop ?? loopFor(Number(s.phone.slice(-6)) || i) }, o.replyTimeoutMs ?? 30_000);
      t.onReportAcked = (ms) => this.reportLatency.add(ms);
      return t;
    });
  }

  async connectAll(): Promise<void> {
    const conc = this.o.concurrency ?? 200;
    let next = 0;
    const worker = async () => {
      while (next < this.terminals.length) {
        const i = next++;
        const t = this.terminals[i];
        const locals = this.o.localAddresses;
        const hosts = this.o.hosts;
        try {
          await t.connect({
            host: hosts?.length ? hosts[i % hosts.length] : this.o.host,
            port: this.o.port,
            localAddress: locals?.length ? locals[i % locals.length] : undefined,
          });
          await t.login();
        } catch {
          this.loginFailures++;
          t.close();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(conc, this.terminals.length) }, worker));
  }

  /**
   * Every connected terminal reports every `intervalMs`, from a random phase in the first interval
   * (its first report at that phase, not one interval later: the fleet's rate is reached at once).
   * One pacer sends the reports that are due, in order of phase, at most SLICE per turn of the
   * event loop: thousands of per-terminal timers falling due together would otherwise run as one
   * long task, during which no platform command (0x8500) is read.
   */
  drive(intervalMs: number, heartbeatMs = 60_000): void {
    this.stopDriving();
    const fleet = this.terminals
      .filter((t) => t.connected)
      .map((t) => ({ t, phase: Math.floor(Math.random() * intervalMs) }))
      .sort((a, b) => a.phase - b.phase);
    // Heartbeats at a random phase of their own interval: the fleet's heartbeats spread evenly,
    // not all within one report interval (a burst of one per terminal each heartbeat period).
    for (const { t } of fleet) t.startHeartbeat(heartbeatMs, Math.floor(Math.random() * heartbeatMs));
    if (fleet.length === 0) return;
    const start = Date.now();
    let i = 0;
    let round = 0;
    const due = () => start + round * intervalMs + fleet[i].phase;
    const run = () => {
      this.pacer = null;
      const now = Date.now();
      let sent = 0;
      while (due() <= now && sent < SLICE) {
        fleet[i].t.reportThen();
        sent++;
        if (++i === fleet.length) {
          i = 0;
          round++;
        }
      }
      this.pacer = sent === SLICE ? { immediate: setImmediate(run) } : { timer: setTimeout(run, Math.max(1, due() - now)) };
      this.pacer.timer?.unref();
    };
    run();
  }
  private pacer: { immediate?: NodeJS.Immediate; timer?: NodeJS.Timeout } | null = null;

  setBehaviour(b: Misbehaviour, share = 1): void {
    this.terminals.forEach((t, i) => {
      if (i < share * this.terminals.length) t.behaviour = b;
    });
  }

  stopDriving(): void {
    if (this.pacer?.timer) clearTimeout(this.pacer.timer);
    if (this.pacer?.immediate) clearImmediate(this.pacer.immediate);
    this.pacer = null;
    for (const t of this.terminals) t.stopDriving();
  }

  close(): void {
    for (const t of this.terminals) t.close();
  }

  stats() {
    let sent = 0;
    let acked = 0;
    let failed = 0;
    let connected = 0;
    for (const t of this.terminals) {
      sent += t.stats.reportsSent;
      acked += t.stats.reportsAcked;
      failed += t.stats.reportsFailed;
      if (t.connected) connected++;
    }
    return { terminals: this.terminals.length, connected, loginFailures: this.loginFailures, sent, acked, failed };
  }
}
