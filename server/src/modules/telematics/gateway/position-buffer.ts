import type { LatestPositionStore } from '../latest-position.store';
import type { PositionRecord, PositionSink } from '../telematics.ports';

export interface PositionBufferOptions {
  /** Flush when this many rows wait (one multi-row insert). */
  maxRows: number;
  /** Flush at least this often. */
  intervalMs: number;
  /** Above this many rows waiting or in flight, `overloaded` turns true and the gateway stops reading. */
  highWater: number;
}

interface Waiting {
  rows: PositionRecord[];
  done: Array<(ok: boolean) => void>;
}

/**
 * Collects position records and writes them in batches (history through the sink, then the latest
 * position store). A terminal's report is acknowledged only once its batch is stored, so a failed
 * write leads to the terminal's resend rather than to a lost report. Writes never overlap.
 */
export class PositionBuffer {
  private waiting: Waiting = { rows: [], done: [] };
  private inFlight = 0;
  private writing: Promise<void> | null = null;
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
    return this.waiting.rows.length + this.inFlight >= this.opts.highWater;
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
    if (this.writing || this.waiting.rows.length === 0) return;
    const batch = this.waiting;
    this.waiting = { rows: [], done: [] };
    this.inFlight = batch.rows.length;
    this.writing = this.write(batch).finally(() => {
      this.writing = null;
      this.inFlight = 0;
      if (this.waiting.rows.length >= this.opts.maxRows) this.kick();
      else if (this.waiting.rows.length > 0 && !this.timer) this.timer = setTimeout(() => this.kick(), this.opts.intervalMs);
      if (!this.overloaded) this.onDrain?.();
    });
  }

  private async write(batch: Waiting): Promise<void> {
    let ok = true;
    try {
      await this.sink.writeBatch(batch.rows);
      this.stored += batch.rows.length;
    } catch (err) {
      ok = false;
      this.failed += batch.rows.length;
      this.onError?.(err);
    }
    if (ok) {
      // The latest position is a cache: a failure there must not turn a stored report into a resend.
      await this.latest.update(batch.rows).catch((err: unknown) => this.onError?.(err));
    }
    for (const d of batch.done) d(ok);
  }

  /** Writes whatever waits; resolves when nothing is waiting or in flight. */
  async flush(): Promise<void> {
    while (this.writing || this.waiting.rows.length > 0) {
      this.kick();
      if (this.writing) await this.writing;
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
