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
  /** Rows of each `done` (a 0x0704 brings several). */
  sizes: number[];
}

/** How the writes went since the last look (diagnostics for the benchmark and the logs). */
export interface BufferDiagnostics {
  batches: number;
  maxBatchRows: number;
  /** Longest history insert of a batch. */
  maxInsertMs: number;
  /** Most rows waiting or in flight. */
  maxBacklog: number;
}

/**
 * Collects position records and writes them in batches: history through the sink, then the
 * latest-position cache. A terminal's report is acknowledged only once its batch is in the
 * history, so a failed write leads to the terminal's resend rather than to a lost report.
 */
export class PositionBuffer {
  private waiting: Batch = { rows: [], done: [], sizes: [] };
  private inFlightRows = 0;
  private writes = 0;
  private readonly writing = new Set<Promise<void>>();
  /** Latest-position updates run one after another so an older batch never overwrites a newer one. */
  private latestChain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  stored = 0;
  failed = 0;
  onDrain: (() => void) | null = null;
  /** Each batch once it is in the history (the live report stream of this instance). */
  onStored: ((rows: PositionRecord[]) => void) | null = null;
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
    this.waiting.sizes.push(rows.length);
    const backlog = this.waiting.rows.length + this.inFlightRows;
    if (backlog > this.diag.maxBacklog) this.diag.maxBacklog = backlog;
    if (this.waiting.rows.length >= this.opts.maxRows) this.kick();
    else if (!this.timer) this.timer = setTimeout(() => this.kick(), this.opts.intervalMs);
  }

  private readonly diag: BufferDiagnostics = { batches: 0, maxBatchRows: 0, maxInsertMs: 0, maxBacklog: 0 };
  /** The diagnostics since the last call, and a fresh start. */
  takeDiagnostics(): BufferDiagnostics {
    const d = { ...this.diag };
    Object.assign(this.diag, { batches: 0, maxBatchRows: 0, maxInsertMs: 0, maxBacklog: 0 });
    return d;
  }

  /** Starts writes while the concurrency allows: full batches, or what waits when the timer fired. */
  private kick(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.writes < (this.opts.concurrency ?? 2) && this.waiting.rows.length > 0) this.start(this.take());
  }

  /**
   * At most maxRows rows (whole reports) from what waits: after a slow write the backlog goes out
   * as several batches of the usual size, not one huge one whose SQL, acknowledgements and cache
   * update would each be one long task.
   */
  private take(): Batch {
    const w = this.waiting;
    if (w.rows.length <= this.opts.maxRows) {
      this.waiting = { rows: [], done: [], sizes: [] };
      return w;
    }
    let rows = 0;
    let k = 0;
    while (k < w.done.length && rows < this.opts.maxRows) rows += w.sizes[k++];
    this.waiting = { rows: w.rows.slice(rows), done: w.done.slice(k), sizes: w.sizes.slice(k) };
    return { rows: w.rows.slice(0, rows), done: w.done.slice(0, k), sizes: w.sizes.slice(0, k) };
  }

  private start(batch: Batch): void {
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
    this.diag.batches++;
    if (batch.rows.length > this.diag.maxBatchRows) this.diag.maxBatchRows = batch.rows.length;
    try {
      const t0 = Date.now();
      await this.sink.writeBatch(batch.rows);
      const ms = Date.now() - t0;
      if (ms > this.diag.maxInsertMs) this.diag.maxInsertMs = ms;
      this.stored += batch.rows.length;
    } catch (err) {
      ok = false;
      this.failed += batch.rows.length;
      this.onError?.(err);
    }
    if (ok && this.onStored) {
      try {
        this.onStored(batch.rows);
      } catch (err) {
        this.onError?.(err);
      }
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
