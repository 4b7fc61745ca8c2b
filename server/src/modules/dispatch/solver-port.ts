/** The one place dispatch reaches the optimiser (server/src/lib/dispatch-solver, pure code with its own public index). */
export { solveAssignment } from '../../lib/dispatch-solver';
export type { AssignmentRequest, AssignmentVehicle, AssignmentPlan, TimeWindow } from '../../lib/dispatch-solver';
