import { inScope, type Actor, type Scope } from '../data-scope';
import { financeScope, type ActorUnit } from './finance.policy';

/** Where a payment sits: who paid, and that payer's unit and region (null when the directory lacks the payer). */
export interface PaymentPlace {
  payerUserId: number;
  payer: { unitId: number; regionCode: string } | null;
}

/** Whose payments an actor sees: their own always; as finance, the payers of the finance scope (the scope of statements). */
export interface PaymentScope {
  payerUserId: number;
  payers: Scope;
}

export function paymentScope(actor: Actor, actorUnit: ActorUnit | null): PaymentScope {
  return { payerUserId: actor.userId, payers: financeScope(actor, actorUnit, 'finance') };
}

/** Only the payer's own payments: whether finance's view needs to know where the payer sits. */
export const paymentIsOwn = (actor: Pick<Actor, 'userId'>, p: Pick<PaymentPlace, 'payerUserId'>): boolean => p.payerUserId === actor.userId;

/** Finance in whose scope the payer sits (a finance user of another unit or region: as if it did not exist). */
export function canManagePayment(actor: Actor, actorUnit: ActorUnit | null, p: PaymentPlace): boolean {
  return inScope(paymentScope(actor, actorUnit).payers, p.payer ?? {});
}

/** Read and sync: the payer, or finance over the payer. */
export function canReadPayment(actor: Actor, actorUnit: ActorUnit | null, p: PaymentPlace): boolean {
  return paymentIsOwn(actor, p) || canManagePayment(actor, actorUnit, p);
}

/** Refund, and see its refunds: finance over the payer (the payer's own 押金 refund goes through deposits). */
export const canRefundPayment = canManagePayment;

