/**
 * Runs one day plan off the server's event loop (a thorough plan computes for minutes). Receives
 * { instance, mode, timeLimitMs } as workerData and posts back one WorkerReply.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { planDay, planDayThorough, type DayInstance } from '../../../lib/dispatch-solver';
import type { DayPlanMode } from '@shared/trips/day-plan.schemas';
import type { WorkerReply } from './day-plan.runner';

async function run(input: { instance: DayInstance; mode: DayPlanMode; timeLimitMs: number }): Promise<WorkerReply> {
  const started = performance.now();
  if (input.mode === 'quick') {
    const result = planDay(input.instance);
    return { ok: true, result, boundIsLp: false, computeMs: performance.now() - started };
  }
  const result = await planDayThorough(input.instance, { timeLimitMs: input.timeLimitMs });
  return { ok: true, result, boundIsLp: result.boundIsLp, computeMs: performance.now() - started };
}

run(workerData as { instance: DayInstance; mode: DayPlanMode; timeLimitMs: number }).then(
  (reply) => parentPort!.postMessage(reply),
  (err: unknown) => parentPort!.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) } satisfies WorkerReply),
);
