import type { LatestPositionStore } from '../latest-position.store';
import type { PositionRecord, PositionSink } from '../telematics.ports';

export interface PositionBufferOptions {
  /** Flush when this many rows wait (one multi-row insert). */
  maxRows: number;
  /** Flush at least this often. */
  intervalMs: number;
  /** Above this many rows waiting or in flight, `overloaded` turns true and the gateway stops reading. */
  highWater: number;
  /** Batches written at once (each on its own database connection). */
  concurrency?: number;
}

/** Acknowledgements sent per turn of the event loop. */
const ACK_SLICE = 256;

interface Batch {
  rows: PositionRecord[];
  done: Array<(ok: boolean) => void>;
}

/**
 * Collects position records and writes them in batches: history through the sink, then the
 * latest-position cache. A terminal's report is acknowledged only once its batch is in the
 * history, so a failed write leads to the terminal's resend rather than to a lost report.
 */
export class PositionBuffer {
  private waiting: Batch = { rows: [], done: [] };
  private inFlightRows = 0;
  private writes = 0;
  private readonly writing = new Set<Promise<void>>();
  /** Latest-position updates run one after another so an older batch never overwrites a newer one. */
  private latestChain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  stored = 0;
  failed = 0;
  onDrain: (() => void) | null = null;
  onError: ((err: unknown) => void) | null = null;

  constructor(
    private readonly sink: PositionSink,
    private readonly latest: LatestPositionStore,
    private readonly opts: PositionBufferOptions,
  ) {}

  get overloaded(): boolean {
    return this.waiting.rows.length + this.inFlightRows >= this.opts.highWater;
  }

  /** Queues rows; `done(true)` once they are stored, `done(false)` if the write failed. */
  add(rows: PositionRecord[], done: (ok: boolean) => void): void {
    for (const r of rows) this.waiting.rows.push(r);
    this.waiting.done.push(done);
    if (this.waiting.rows.length >= this.opts.maxRows) this.kick();
    else if (!this.timer) this.timer = setTimeout(() => this.kick(), this.opts.intervalMs);
  }

  private kick(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.writes >= (this.opts.concurrency ?? 2) || this.waiting.rows.length === 0) return;
    const batch = this.waiting;
    this.waiting = { rows: [], done: [] };
    this.inFlightRows += batch.rows.length;
    this.writes++;
    const w = this.write(batch).finally(() => {
      this.writing.delete(w);
      this.writes--;
      this.inFlightRows -= batch.rows.length;
      if (this.waiting.rows.length >= this.opts.maxRows) this.kick();
      else if (this.waiting.rows.length > 0 && !this.timer) this.timer = setTimeout(() => this.kick(), this.opts.intervalMs);
      if (!this.overloaded) this.onDrain?.();
    });
    this.writing.add(w);
  }

  private async write(batch: Batch): Promise<void> {
    let ok = true;
    try {
      await this.sink.writeBatch(batch.rows);
      this.stored += batch.rows.length;
    } catch (err) {
      ok = false;
      this.failed += batch.rows.length;
      this.onError?.(err);
    }
    // Thousands of acknowledgements (an encode and a socket write each) in slices, the event loop
    // turning in between: a command or its 0x0500 reply arriving meanwhile is not held behind them.
    for (let i = 0; i < batch.done.length; i += ACK_SLICE) {
      if (i > 0) await new Promise<void>((r) => setImmediate(r));
      const end = Math.min(batch.done.length, i + ACK_SLICE);
      for (let j = i; j < end; j++) batch.done[j](ok);
    }
    // The latest position is a cache: its failure must not turn a stored report into a resend.
    if (ok) this.latestChain = this.latestChain.then(() => this.latest.update(batch.rows)).catch((err: unknown) => this.onError?.(err));
  }

  /** Writes whatever waits; resolves when nothing is waiting or in flight. */
  async flush(): Promise<void> {
    while (this.writing.size > 0 || this.waiting.rows.length > 0) {
      this.kick();
      await Promise.all([...this.writing]);
    }
    await this.latestChain;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
