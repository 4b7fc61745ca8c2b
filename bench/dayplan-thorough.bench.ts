/**
 * Thorough day plan benchmark (npm run bench:dayplan-thorough): planDayThorough on three county
 * pools (150 requests × 45 vehicles, seeds 1–3), then on the 1,000 × 300 benchmark day (seed 2026).
 *
 *   npm run bench:dayplan-thorough -- [--seconds N] [--only small|big]
 *
 * --seconds: the time limit of each call (default 60 s for the small days, 900 s for the big one);
 * --only small: skip the big day; --only big: only the big day. One line per day:
 *   BENCH dispatch model=dayplan mode=thorough requests=R vehicles=V ms=… cost=… lower_bound=…
 *         bound=lp|lagrangian|assignment gap=…% greedy_cost=… quick_cost=…
 * ms is wall-clock (the time limit is), HiGHS already loaded by a warm-up call; bound=lp when
 * column generation converged (lower_bound is then the LP bound over every route), else
 * lagrangian (the best Lagrangian bound met), or assignment when that is still below the quick
 * plan's assignment bound; gap = (cost − lower_bound) / lower_bound; quick_cost is planDay's (the quick
 * mode, its default work budget) on the same day. Exits non-zero if a plan breaks a rule (evaluateDayPlan) or costs
 * more than the quick plan.
 */
import { parseArgs } from 'node:util';
import {
  dayPlanBound,
  evaluateDayPlan,
  planDay,
  planDayThorough,
} from '../server/src/lib/dispatch-solver';
import { generateDayInstance } from '../test/helpers/dispatch-instances';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string' },
    only: { type: 'string' },
  },
});
if (args.only !== undefined && args.only !== 'small' && args.only !== 'big') throw new Error(`--only takes small or big, not "${args.only}"`);
const seconds = args.seconds === undefined ? undefined : Number(args.seconds);
if (seconds !== undefined && !(seconds > 0)) throw new Error(`--seconds must be a positive number, not "${args.seconds}"`);

const DAYS = [
  { seed: 1, requests: 150, vehicles: 45, seconds: 60 },
  { seed: 2, requests: 150, vehicles: 45, seconds: 60 },
  { seed: 3, requests: 150, vehicles: 45, seconds: 60 },
  { seed: 2026, requests: 1000, vehicles: 300, seconds: 900 },
].filter((day) => args.only === undefined || (args.only === 'small') === day.requests <= 150);

async function benchDay(day: (typeof DAYS)[number]): Promise<boolean> {
  const instance = generateDayInstance(day.seed, { requests: day.requests, vehicles: day.vehicles });
  const started = performance.now();
  const result = await planDayThorough(instance, { timeLimitMs: 1000 * (seconds ?? day.seconds) });
  const ms = performance.now() - started;
  const quick = planDay(instance);
  const boundKind = result.boundIsLp ? 'lp' : result.lowerBound > dayPlanBound(instance).lowerBound ? 'lagrangian' : 'assignment';
  const { cost } = result.plan;
  const gap = (100 * (cost.total - result.lowerBound)) / result.lowerBound;
  console.log(
    `BENCH dispatch model=dayplan mode=thorough requests=${day.requests} vehicles=${day.vehicles} ms=${ms.toFixed(0)} ` +
      `cost=${cost.total} lower_bound=${Math.floor(result.lowerBound)} bound=${boundKind} ` +
      `gap=${gap.toFixed(2)}% greedy_cost=${result.greedyCost} quick_cost=${quick.plan.cost.total}`,
  );
  const checked = evaluateDayPlan(instance, result.plan);
  if (!checked.feasible || checked.cost !== cost.total) {
    console.error(`  plan rejected by evaluateDayPlan: ${checked.violations.slice(0, 5).join('; ')} (cost ${checked.cost})`);
    return false;
  }
  if (cost.total > quick.plan.cost.total) {
    console.error(`  plan costs more than the quick plan (${cost.total} > ${quick.plan.cost.total})`);
    return false;
  }
  return true;
}

async function main(): Promise<number> {
  // Warm-up: HiGHS compiled and the JIT through every path before the first timed day.
  await planDayThorough(generateDayInstance(7, { requests: 40, vehicles: 12 }), { timeLimitMs: 10_000 });
  let ok = true;
  for (const day of DAYS) ok = (await benchDay(day)) && ok;
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
