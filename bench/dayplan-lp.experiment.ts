/**
 * The two LP phases of the thorough day plan (planDayThorough) run alone, step by step, with their
 * figures: the day plan's set-partitioning LP bound by column generation, and a plan from it by
 * price-and-dive (without the thorough plan's local search and final MIP), with HiGHS (the `highs`
 * dependency, WebAssembly) as the LP/MIP solver. The method is in
 * server/src/lib/dispatch-solver/dayplan-lp/*.ts; README "Dispatch models", The 2 % target, has the
 * figures on the benchmark day; npm run bench:dayplan-thorough times the whole thorough plan.
 *
 *   npm run experiment:dayplan-lp -- [--seed 2026] [--requests 1000] [--vehicles 300]
 *                                    [--lp-seconds N] [--dive-seconds N] [--no-dive] [--write plan.json]
 *
 * Prints `LP bound=… proven=…` (proven: converged, and the Lagrangian bound from the final duals
 * meets the LP value), then `dive plan cost=…`, the plan checked by the project's evaluateDayPlan;
 * exits non-zero if that plan breaks a rule. --write saves the plan in the format of
 * test/unit/dispatch/fixtures/dayplan-2026-reference-plan.json. --lp-seconds stops column
 * generation early (the bound printed is then the best Lagrangian bound, still valid);
 * --dive-seconds makes the dive pace its fixings to end by then (it stops pricing at that time and
 * finishes over the columns it has). Takes minutes on the benchmark day (1,000 × 300): the LP ~5–8
 * (320 s in one run), the dive ~10 (579 s).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import loadHighs from 'highs';
import {
  evaluateDayPlan,
  planDay,
} from '../server/src/lib/dispatch-solver';
import { generateDayInstance } from '../test/helpers/dispatch-instances';
import { buildDayModel } from '../server/src/lib/dispatch-solver/dayplan-model';
import type { DayPlan } from '../server/src/lib/dispatch-solver/dayplan.types';
import { ColumnPool, planOfColumns } from '../server/src/lib/dispatch-solver/dayplan-lp/columns';
import { solveMasterLp } from '../server/src/lib/dispatch-solver/dayplan-lp/column-generation';
import { priceAndDive } from '../server/src/lib/dispatch-solver/dayplan-lp/dive';
import { MasterLp } from '../server/src/lib/dispatch-solver/dayplan-lp/master';
import { PricingOracle } from '../server/src/lib/dispatch-solver/dayplan-lp/pricing';

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: '2026' },
    requests: { type: 'string', default: '1000' },
    vehicles: { type: 'string', default: '300' },
    'lp-seconds': { type: 'string' },
    'dive-seconds': { type: 'string' },
    'no-dive': { type: 'boolean', default: false },
    write: { type: 'string' },
  },
});
const day = { seed: Number(args.seed), requests: Number(args.requests), vehicles: Number(args.vehicles) };
const secondsArg = (s: string | undefined): number | undefined => (s === undefined ? undefined : Number(s));
const fmt = (x: number, digits = 1): string => x.toFixed(digits);

async function main(): Promise<number> {
  const highs = await loadHighs();
  const instance = generateDayInstance(day.seed, { requests: day.requests, vehicles: day.vehicles });
  const m = buildDayModel(instance);
  console.log(`day seed=${day.seed} requests=${day.requests} vehicles=${day.vehicles} vehicle_slots=${m.need.reduce((a, b) => a + b, 0)}`);

  const pool = new ColumnPool(m);
  pool.seed(planDay(instance).plan);
  const pricing = new PricingOracle(m);
  const master = new MasterLp(highs, m, pool);

  const lp = solveMasterLp(master, pool, pricing, {
    timeLimitSeconds: secondsArg(args['lp-seconds']),
    onRound: (p) => {
      if (p.round % 10 === 0) console.log(`  round ${p.round}: LP ${fmt(p.lpValue)} Lagrangian ${fmt(p.bound)} columns ${p.columns} ${fmt(p.seconds)} s`);
    },
  });
  const proven = lp.converged && lp.lpValue - lp.bound <= 1e-6 * Math.max(1, Math.abs(lp.lpValue));
  console.log(
    `LP bound=${fmt(proven ? lp.lpValue : lp.bound)} proven=${proven} rounds=${lp.rounds} columns=${lp.columns} seconds=${fmt(lp.seconds)}` +
      (proven ? '' : ` (converged=${lp.converged}, LP over the pool ${fmt(lp.lpValue)}, best Lagrangian bound ${fmt(lp.bound)})`),
  );
  if (args['no-dive']) return 0;

  const dive = priceAndDive(m, master, pool, pricing, {
    timeLimitSeconds: secondsArg(args['dive-seconds']),
    onStep: (p) => {
      if (p.step % 10 === 0) console.log(`  step ${p.step}: LP ${fmt(p.lpValue)} fractional ${p.fractional} fixed ${p.fixed} columns ${p.columns} ${fmt(p.seconds)} s`);
    },
  });
  master.dispose();
  if (!dive.allOrNothing) {
    console.log(`dive left a delegation partly served (MIP finish without a solution) seconds=${fmt(dive.seconds)}`);
    return 1;
  }
  const plan = planOfColumns(m, dive.columns.map((j) => pool.columns[j]!));
  const checked = evaluateDayPlan(instance, plan);
  const bound = proven ? lp.lpValue : lp.bound;
  console.log(
    `dive plan cost=${checked.cost} vehicles=${plan.cost.vehiclesUsed} deadhead=${plan.cost.deadheadMetres} unserved=${plan.cost.unservedSlots}` +
      ` seconds=${fmt(dive.seconds)} above_bound=${fmt((100 * (checked.cost - bound)) / bound, 2)}%` +
      ` (steps ${dive.steps}, pricing rounds ${dive.pricingRounds}${dive.finishedByMip ? ', finished by MIP' : ''})`,
  );
  if (!checked.feasible || checked.cost !== plan.cost.total) {
    console.log(`dive plan REJECTED by evaluateDayPlan: ${checked.violations.slice(0, 5).join('; ')} (cost ${checked.cost}, expected ${plan.cost.total})`);
    return 1;
  }
  if (args.write) {
    writeFileSync(args.write, planFile(plan));
    console.log(`plan written to ${args.write}`);
  }
  return 0;
}

/** The plan in the format of the reference plan fixture: one route per line. */
function planFile(plan: DayPlan): string {
  const found =
    `${new Date().toISOString().slice(0, 10)}, npm run experiment:dayplan-lp: column generation to the LP optimum, ` +
    'then a price-and-dive (HiGHS as the LP/MIP solver)';
  const head = JSON.stringify({ day, found, cost: plan.cost.total, unserved: plan.unservedRequestIds }).slice(0, -1);
  const routes = plan.routes.map((r) => `${JSON.stringify(r.vehicleId)}:${JSON.stringify(r.requestIds)}`);
  return `${head},\n"routes":{\n${routes.join(',\n')}}}\n`;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
