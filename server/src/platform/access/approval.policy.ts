import { inScope, scopeOf, type Actor } from '../data-scope';

/** Where an approval request sits and whose it is. */
export interface ApprovalPlace { unitId: number; regionCode: string; applicantId: number }

/**
 * An approval request: its applicant, anyone who decided it or holds its current level (`decidedByActor`:
 * a fallback holder of a parent unit or supervision office may sit outside the scope), and the data scope
 * over its unit and region. Who holds the current level is the approval center's (approval-holders.service).
 */
export const canReadApproval = (actor: Actor, req: ApprovalPlace, decidedByActor: boolean): boolean =>
  decidedByActor || req.applicantId === actor.userId || inScope(scopeOf(actor), { unitId: req.unitId, regionCode: req.regionCode });

/** A unit's approval chains are read by its own people (a company's by the company). */
export const canReadChainsOf = (actor: Actor, unitId: number): boolean => inScope(scopeOf(actor), { unitId, companyId: unitId });

/** A unit's approval chains are set by its own people (or the platform admin). */
export const canSetChainsOf = (actor: Actor, unitId: number): boolean => inScope(scopeOf(actor), { unitId });
