/**
 * The one place dispatch reaches the optimiser (solver/, another engineer's work). solver/index.ts is not
 * there yet, so the two files of its assignment API are imported directly; switch to './solver' when it lands.
 */
export { solveAssignment } from './solver/assignment.solver';
export type { AssignmentRequest, AssignmentVehicle, AssignmentPlan, TimeWindow } from './solver/assignment.types';
