/**
 * Dispatch optimisation core (pure, no I/O): the assignment model for 一键派车 of a batch, and the
 * day plan model that chains trips per vehicle over a day with 多车同派. Stated in the README
 * (Dispatch models); MODELS.md maps the files.
 * A library of its own: it imports nothing from server/src/modules (dispatch passes everything in);
 * the seeded instances of tests and benchmarks live in test/helpers/dispatch-instances.
 */
export type { LatLng } from './geo.rules';
export { haversineMetres } from './geo.rules';

export { solveLinearAssignment, forbiddenCostFor, type LinearAssignmentResult } from './linear-assignment.solver';
export { solveSparseAssignment, type SparseMatrix, type SparseAssignmentResult } from './sparse-assignment.solver';

export type {
  AssignedPair,
  AssignmentCostMatrix,
  AssignmentDriver,
  AssignmentOptions,
  AssignmentPlan,
  AssignmentRequest,
  AssignmentVehicle,
  AssignmentWeights,
  CostComponents,
  InfeasibleReason,
  MonthlyUsage,
  PairEvaluation,
  PoolUsage,
  TimeWindow,
  UnassignedRequest,
} from './assignment.types';
export {
  DEFAULT_ASSIGNMENT_WEIGHTS,
  buildAssignmentCosts,
  evaluatePair,
  infeasibleReasons,
  poolUsage,
  usageIndex,
} from './assignment-cost.rules';
export { explainPair, DEFAULT_CATEGORY_LABELS, type PairExplanation } from './assignment-explain.rules';
export { solveAssignment } from './assignment.solver';

export type {
  DayBlock,
  DayDriver,
  DayInstance,
  DayPlan,
  DayPlanCost,
  DayPlanOptions,
  DayPlanParams,
  DayPlanResult,
  DayRequest,
  DayRoute,
  DayVehicle,
} from './dayplan.types';
export { DEFAULT_DAY_PLAN_PARAMS, buildDayModel, departureFor, resolveDayParams, routeCost, routeDeadhead, routeViolation, type DayModel, type RouteViolation } from './dayplan-model';
export type { DayBoundOptions } from './dayplan-bound.solver';
export { planDay, greedyDayPlan, dayPlanBound } from './dayplan.solver';
export {
  planDayThorough,
  type ThoroughDayPlanOptions,
  type ThoroughDayPlanProgress,
  type ThoroughDayPlanResult,
} from './dayplan-thorough.solver';
export { evaluateDayPlan, type DayPlanEvaluation } from './dayplan-evaluate';
