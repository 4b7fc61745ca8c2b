/**
 * The access layer: who may see or act on a resource is decided here, in one policy per resource,
 * over the data scope of ../data-scope.ts (DOMAIN.md §2). Services ask a policy before anything else;
 * the scope a policy gives (tripScope, statementScope, …) is also what lists filter by in SQL, so a
 * list and a read by id cannot disagree. Out of scope answers as if missing (404); in scope but not
 * allowed to act answers 403. test/integration/access/cross-scope-matrix.test.ts asks every id route
 * with an object out of each role's scope, and fails for a new id route it has no entry for.
 */
export type { RequestActor } from './actor';
export * from './finance.policy';
export * from './statement.policy';
export * from './payment.policy';
export * from './trip.policy';
export * from './assignment.policy';
export * from './vehicle.policy';
export * from './identity.policy';
export * from './approval.policy';
export * from './day-plan.policy';
export * from './warning.policy';
export * from './rental.policy';
export * from './audit.policy';
export * from './reservation.policy';
export * from './lifecycle.policy';
export * from './feed.policy';
export * from './service-record.policy';
export * from './travel.policy';
export * from './oversight.policy';
export * from './violation.policy';
export * from './geofence.policy';
