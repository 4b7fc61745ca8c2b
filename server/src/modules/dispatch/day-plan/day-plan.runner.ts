import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DayInstance, DayPlanResult } from '../../../lib/dispatch-solver';
import type { DayPlanMode } from '@shared/trips/day-plan.schemas';

export type WorkerReply =
  | { ok: true; result: DayPlanResult; boundIsLp: boolean; computeMs: number }
  | { ok: false; error: string };

/** Computes a day plan; the service depends on this shape so it can be run elsewhere than a local thread. */
export interface DayPlanRunner {
  run(instance: DayInstance, mode: DayPlanMode, timeLimitMs: number): Promise<WorkerReply>;
  close(): Promise<void>;
}

/**
 * One worker thread per plan: a thorough plan holds a CPU for minutes and must not stop the server
 * answering. A worker that outlives its limit by a minute is stopped and the plan fails.
 */
export class ThreadDayPlanRunner implements DayPlanRunner {
  private readonly live = new Set<Worker>();

  run(instance: DayInstance, mode: DayPlanMode, timeLimitMs: number): Promise<WorkerReply> {
    return new Promise((resolve) => {
      const worker = new Worker(path.join(__dirname, 'day-plan.worker.cjs'), { workerData: { instance, mode, timeLimitMs } });
      this.live.add(worker);
      let settled = false;
      const finish = (reply: WorkerReply) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.live.delete(worker);
        void worker.terminate();
        resolve(reply);
      };
      const timer = setTimeout(() => finish({ ok: false, error: `计算超时（超过 ${Math.round(timeLimitMs / 1000) + 60} 秒）` }), timeLimitMs + 60_000);
      worker.once('message', (reply: WorkerReply) => finish(reply));
      worker.once('error', (err) => finish({ ok: false, error: err.message }));
      worker.once('exit', (code) => finish({ ok: false, error: `计算线程意外退出（${code}）` }));
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.live].map((w) => w.terminate()));
    this.live.clear();
  }
}
