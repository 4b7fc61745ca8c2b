import schedule from 'node-schedule';
import type { RedisClient } from './redis';
import type { Logger } from './logger';

/**
 * Scheduled jobs (node-schedule) that run once across several server instances: each firing takes a
 * Redis lock keyed by job name and fire time (SET NX PX); the instance that wins runs it.
 */
export class Scheduler {
  private readonly jobs: schedule.Job[] = [];

  constructor(private readonly redis: RedisClient, private readonly logger: Logger, private readonly enabled: boolean) {}

  /** `rule`: cron text or node-schedule rule. `work` must be idempotent: a crashed instance's firing is not retried. */
  add(name: string, rule: string | schedule.RecurrenceRule, work: (fireDate: Date) => Promise<unknown>): void {
    if (!this.enabled) return;
    const job = schedule.scheduleJob(name, rule, (fireDate: Date) => void this.runOnce(name, fireDate, work));
    if (job) this.jobs.push(job);
  }

  /** Runs the firing if this instance wins the lock; returns whether it ran. Exposed for tests. */
  async runOnce(name: string, fireDate: Date, work: (fireDate: Date) => Promise<unknown>): Promise<boolean> {
    const key = `job-lock:${name}:${Math.floor(fireDate.getTime() / 1000)}`;
    const won = await this.redis.set(key, String(process.pid), 'PX', 10 * 60_000, 'NX');
    if (won !== 'OK') return false;
    try {
      await work(fireDate);
      return true;
    } catch (err) {
      this.logger.error({ err, job: name }, 'scheduled job failed');
      return true;
    }
  }

  stop(): void {
    for (const j of this.jobs) j.cancel();
    this.jobs.length = 0;
  }
}
