/** The one place dispatch reaches the optimiser (solver/, pure code with its own public index). */
export { solveAssignment } from './solver';
export type { AssignmentRequest, AssignmentVehicle, AssignmentPlan, TimeWindow } from './solver';
