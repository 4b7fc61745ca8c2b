/**
 * Admission to a busy process (#15). A burst of ordinary requests (500 people finding and reserving
 * cars at once) queues in the event loop and, on the embedded default, in SQLite's one statement
 * queue; a request arriving behind it waits for all of it, however little it costs itself. So ordinary
 * requests run at most `limit` at a time per process and the rest wait their turn here, in arrival
 * order, before any of their work starts; a request that somebody is standing by for at a car (its
 * doors: unlock, lock, return — `RouteSpec.urgent`) or a signed callback from outside (WeChat Pay's
 * notice) does not wait here, and so finds the process with at most `limit` others in front of it.
 *
 * Throughput is unchanged (the process was busy either way); what changes is who waits. `limit` 0
 * admits everything at once (HTTP_ADMISSION_LIMIT).
 */
export class Admission {
  private running = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** Runs `work` once admitted, and lets the next waiting request in when it ends (either way). */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.limit <= 0) return work();
    if (this.running < this.limit) this.running++;
    else await new Promise<void>((admit) => this.queue.push(admit)); // the leaving request hands over its place
    try {
      return await work();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Requests running, and waiting to run (what the tests watch). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.queue.length };
  }
}
