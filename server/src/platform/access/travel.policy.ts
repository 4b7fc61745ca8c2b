import { inScope, scopeOf, type Actor } from '../data-scope';
import { financeScope, isFinance, type ActorUnit } from './finance.policy';

/** Where a 出差 record sits: the applicant's unit and region, its applicant and travellers. */
export interface TravelPlace { unitId: number; regionCode: string; applicantId: number; travellerIds: number[] }

/** The applicant or a traveller on it: they attach invoices and 公务卡 payments and book under it. */
export const isTravelParty = (actor: Pick<Actor, 'userId'>, t: TravelPlace): boolean =>
  t.applicantId === actor.userId || t.travellerIds.includes(actor.userId);

/**
 * Read: its party, the data scope over its unit and region (the unit's approvers and dispatchers, the
 * supervisors above), or finance over it (finance.policy's scope: a 机关事务管理局's finance settles its region).
 * Otherwise as if missing.
 */
export const canReadTravel = (actor: Actor, t: TravelPlace, actorUnit: ActorUnit | null): boolean =>
  isTravelParty(actor, t) || inScope(scopeOf(actor), { unitId: t.unitId, regionCode: t.regionCode })
  || (isFinance(actor) && inScope(financeScope(actor, actorUnit, 'finance'), { unitId: t.unitId, regionCode: t.regionCode }));

/** Export for reimbursement: finance whose scope holds it (a reader who is not: 403). */
export const canExportTravel = (actor: Actor, t: TravelPlace, actorUnit: ActorUnit | null): boolean =>
  isFinance(actor) && inScope(financeScope(actor, actorUnit, 'finance'), { unitId: t.unitId, regionCode: t.regionCode });

/** Whether reading needs the actor's unit kind (finance at a supervision office reads its region). */
export const travelScopeNeedsActorUnit = (actor: Pick<Actor, 'roles'>): boolean => isFinance(actor);
