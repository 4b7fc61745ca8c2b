import cluster, { type Worker } from 'node:cluster';
import path from 'node:path';
import type { LiveReport, TerminalDirectory } from '../telematics.ports';
import { answerDirectory, type IpcFromWorker } from './ipc-directory';
import { unpackReports } from './live-reports';
import type { BufferDiagnostics } from './position-buffer';

export interface WorkerStats {
  connections: number;
  reports: number;
  stored: number;
  badFrames: number;
  rssMb: number;
  /** Longest event-loop stall in the last second. */
  lagMaxMs: number;
  /** The position writes of the last second. */
  store?: BufferDiagnostics;
}

export interface ClusterOptions {
  workers: number;
  /** Environment of the workers: the platform's, plus the resolved auth secret. */
  env: Record<string, string | undefined>;
  directory: TerminalDirectory;
  onExit?: (workerId: string, code: number | null) => void;
  /** A worker that died was replaced and is ready again. */
  onRestart?: (workerId: string) => void;
  /** Each stored batch of live reports of any worker. */
  onReports?: (reports: LiveReport[]) => void;
  /** The worker script (default gateway.worker.ts). */
  exec?: string;
}

const RESTART_DELAY_MS = 1000;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * Runs the gateway as N worker processes sharing the JT/T 808 port (node:cluster, round-robin
 * accept in this process). One process stays under its 20,000 open files; a province runs several
 * such nodes behind a TCP load balancer, and commands find the right worker through the registry.
 */
export class GatewayCluster {
  readonly stats = new Map<string, WorkerStats>();
  private readonly workers: Worker[] = [];
  private stopping = false;

  private constructor(private readonly o: ClusterOptions) {}

  static async start(o: ClusterOptions): Promise<GatewayCluster> {
    const c = new GatewayCluster(o);
    await c.fork();
    return c;
  }

  private async fork(): Promise<void> {
    cluster.schedulingPolicy = cluster.SCHED_RR;
    cluster.setupPrimary({ exec: this.o.exec ?? path.join(__dirname, 'gateway.worker.ts'), execArgv: process.execArgv });
    const ready: Array<Promise<void>> = [];
    for (let i = 0; i < this.o.workers; i++) ready.push(this.spawn(`w${i}`, true));
    await Promise.all(ready);
  }

  /**
   * One worker; when it dies while the gateway runs (a crash, OOM, a kill) another takes its id after
   * a back-off (1 s, doubling to 30 s while it keeps dying within a minute), so the node gets its
   * capacity back: its terminals reconnect meanwhile to the other workers, whose port stays open.
   */
  private spawn(workerId: string, first: boolean): Promise<void> {
    const w = cluster.fork({ ...this.o.env, JT808_WORKER_ID: workerId });
    const startedAt = Date.now();
    this.workers.push(w);
    return new Promise<void>((resolve, reject) => {
      w.on('message', (m: IpcFromWorker) => {
        if (m.type === 'tm:ready') {
          resolve();
          if (!first) this.o.onRestart?.(workerId);
        } else if (m.type === 'tm:reports') {
          this.o.onReports?.(unpackReports(m.flat));
        } else if (m.type === 'tm:stats') {
          this.stats.set(m.workerId, { connections: m.connections, reports: m.reports, stored: m.stored, badFrames: m.badFrames, rssMb: m.rssMb, lagMaxMs: m.lagMaxMs, store: m.store });
          if (m.store) this.mergeStore(m.workerId, m.store);
          this.lagSince = Math.max(this.lagSince, m.lagMaxMs);
        }
        else void answerDirectory(this.o.directory, m, (r) => w.isConnected() && w.send(r));
      });
      w.once('exit', (code) => {
        reject(new Error(`gateway worker ${workerId} exited with ${code}`));
        this.workers.splice(this.workers.indexOf(w), 1);
        this.stats.delete(workerId);
        if (this.stopping) return;
        this.o.onExit?.(workerId, code);
        const quick = Date.now() - startedAt < 60_000;
        const delay = quick ? Math.min(MAX_RESTART_DELAY_MS, (this.delays.get(workerId) ?? RESTART_DELAY_MS / 2) * 2) : RESTART_DELAY_MS;
        this.delays.set(workerId, delay);
        const timer = setTimeout(() => {
          this.restartTimers.delete(timer);
          if (!this.stopping) this.spawn(workerId, false).catch(() => undefined);
        }, delay);
        this.restartTimers.add(timer);
      });
    });
  }

  private readonly delays = new Map<string, number>();
  private readonly restartTimers = new Set<NodeJS.Timeout>();

  private readonly storeSince = new Map<string, BufferDiagnostics>();
  private lagSince = 0;
  /** The longest event-loop stall of any worker since the last call. */
  takeLagMax(): number {
    const l = this.lagSince;
    this.lagSince = 0;
    return l;
  }
  private mergeStore(workerId: string, d: BufferDiagnostics): void {
    const a = this.storeSince.get(workerId);
    this.storeSince.set(workerId, a ? {
      batches: a.batches + d.batches, maxBatchRows: Math.max(a.maxBatchRows, d.maxBatchRows),
      maxInsertMs: Math.max(a.maxInsertMs, d.maxInsertMs), maxBacklog: Math.max(a.maxBacklog, d.maxBacklog),
    } : d);
  }
  /** Each worker's position writes since the last call (diagnostics). */
  takeStoreDiagnostics(): Record<string, BufferDiagnostics> {
    const out = Object.fromEntries(this.storeSince);
    this.storeSince.clear();
    return out;
  }

  /** Process ids of the workers (diagnostics: CPU accounting, priorities). */
  pids(): number[] {
    return this.workers.map((w) => w.process.pid).filter((p): p is number => typeof p === 'number');
  }

  totals(): WorkerStats {
    const t: WorkerStats = { connections: 0, reports: 0, stored: 0, badFrames: 0, rssMb: 0, lagMaxMs: 0 };
    for (const s of this.stats.values()) {
      t.connections += s.connections;
      t.reports += s.reports;
      t.stored += s.stored;
      t.badFrames += s.badFrames;
      t.rssMb += s.rssMb;
      t.lagMaxMs = Math.max(t.lagMaxMs, s.lagMaxMs);
    }
    return t;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const t of this.restartTimers) clearTimeout(t);
    this.restartTimers.clear();
    await Promise.all(this.workers.map((w) => new Promise<void>((resolve) => {
      if (w.isDead()) return resolve();
      w.once('exit', () => resolve());
      w.send({ type: 'tm:stop' });
      setTimeout(() => w.kill(), 15_000).unref();
    })));
  }
}
