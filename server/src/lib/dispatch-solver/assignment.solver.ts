/**
 * 一键派车 for a batch: the assignment model.
 *
 * Each request gets at most one vehicle (with its driver), each vehicle at most one request.
 * Rectangular: with R requests and V vehicles, min(R, V) pairs are formed when enough pairs are
 * feasible; the others stay unassigned. Objective, lexicographic: first serve as many requests as
 * the feasible pairs allow, then minimise the sum of pair costs (assignment-cost.rules.ts).
 * Solved exactly by solveLinearAssignment.
 */
import { buildAssignmentCosts } from './assignment-cost.rules';
import { explainPair } from './assignment-explain.rules';
import { solveLinearAssignment } from './linear-assignment.solver';
import type {
  AssignedPair,
  AssignmentOptions,
  AssignmentPlan,
  AssignmentRequest,
  AssignmentVehicle,
  UnassignedRequest,
} from './assignment.types';

export function solveAssignment(
  requests: readonly AssignmentRequest[],
  vehicles: readonly AssignmentVehicle[],
  options: AssignmentOptions = {},
): AssignmentPlan {
  const matrix = buildAssignmentCosts(requests, vehicles, options);
  const { rowToCol, cost } = solveLinearAssignment(matrix.costs, matrix.rows, matrix.cols);
  const pairs: AssignedPair[] = [];
  const unassigned: UnassignedRequest[] = [];
  requests.forEach((request, i) => {
    const j = rowToCol[i] as number;
    if (j < 0) {
      let anyFeasible = false;
      for (let k = 0; k < matrix.cols && !anyFeasible; k++) {
        anyFeasible = Number.isFinite(matrix.costs[i * matrix.cols + k] as number);
      }
      unassigned.push({ requestId: request.id, cause: anyFeasible ? 'vehicles-taken' : 'no-feasible-vehicle' });
      return;
    }
    const vehicle = vehicles[j] as AssignmentVehicle;
    const explanation = explainPair(request, vehicle, matrix.pool, options);
    if (!explanation.feasible) throw new Error(`solver chose infeasible pair ${request.id}/${vehicle.id}`);
    pairs.push({
      requestId: request.id,
      vehicleId: vehicle.id,
      plate: vehicle.plate,
      driverId: vehicle.driver.id,
      cost: explanation.components.total,
      components: explanation.components,
      reason: explanation.reason,
    });
  });
  return { pairs, unassigned, totalCost: cost };
}
