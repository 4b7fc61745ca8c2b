import { PaymentErrorCode as E } from '@shared/payments/payments.schemas';
import { NotFoundError } from '../../platform/errors';
import type { Actor } from '../../platform/data-scope';
import {
  canReadPayment, canRefundPayment, financeScopeNeedsActorUnit, paymentIsOwn, type ActorUnit, type PaymentPlace,
} from '../../platform/access';
import type { PaymentOrderRow } from './payments.entity';

/** Where payers and finance users sit (identity's tables provide the real one, payments.people). */
export interface PaymentPeople {
  /** A user's unit and region; null when unknown. */
  placeOf(userId: number): Promise<{ unitId: number; regionCode: string } | null>;
  /** A unit's kind (a finance user's own unit decides their scope); null when unknown. */
  unitOf(unitId: number): Promise<ActorUnit | null>;
}

/** Knows nobody: only payers see their own payments, and only the platform admin sees the rest. */
export const nobodyKnown: PaymentPeople = { placeOf: async () => null, unitOf: async () => null };

/**
 * The order, when the access layer's payment policy lets the actor read it (`read`: the payer, or
 * finance over the payer as for statements) or refund it (`refund`: finance over the payer); otherwise
 * it answers as if it did not exist (404), before anything is written.
 */
export async function accessibleOrder(
  people: PaymentPeople, actor: Actor, order: PaymentOrderRow | null, outTradeNo: string, action: 'read' | 'refund',
): Promise<PaymentOrderRow> {
  if (order && !(action === 'read' && paymentIsOwn(actor, order))) {
    const actorUnit = financeScopeNeedsActorUnit(actor, 'finance') ? await people.unitOf(actor.unitId) : null;
    const place: PaymentPlace = { payerUserId: order.payerUserId, payer: await people.placeOf(order.payerUserId) };
    if (!(action === 'read' ? canReadPayment : canRefundPayment)(actor, actorUnit, place)) order = null;
  }
  if (!order) throw new NotFoundError(E.PAYMENT_NOT_FOUND, `支付订单 ${outTradeNo} 不存在`);
  return order;
}
