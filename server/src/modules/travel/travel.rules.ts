import { legTransportLabel, linkStateLabel, vehicleLinkKindLabel, type TravelCost, type TravelLink } from '@shared/travel/travel.schemas';
import type { TravelLegRow, TravelLinkRow } from './travel.entity';

/** A leg's days as shown: one day, or from … to …. */
export const span = (l: Pick<TravelLegRow, 'departOn' | 'arriveOn'>) => (l.departOn === l.arriveOn ? l.departOn : `${l.departOn} 至 ${l.arriveOn}`);

/** A link as the record shows it: beside the leg that authorised it, over it when it ran past the leg's last day. */
export function linkView(l: TravelLinkRow, legs: TravelLegRow[]): TravelLink {
  const leg = legs.find((x) => x.seq === l.legSeq);
  const standardText = leg
    ? `批准第 ${leg.seq} 段 ${leg.fromPlace}—${leg.toPlace}（${span(leg)}，${legTransportLabel[leg.transport]}），费用由单位结算`
    : `批准第 ${l.legSeq} 段行程`;
  return {
    id: l.id, legSeq: l.legSeq, kind: l.kind, kindLabel: vehicleLinkKindLabel[l.kind], subjectId: l.subjectId, title: l.title, startDate: l.startDate, endDate: l.endDate,
    state: l.state, stateLabel: linkStateLabel[l.state], costFen: l.costFen, standardText, withinStandard: !leg || !l.endDate || l.endDate <= leg.arriveOn,
  };
}

/** A linked trip or rental as a cost of the record (cancelled ones are not costs). */
export function linkCost(v: TravelLink, legs: TravelLegRow[]): TravelCost | null {
  if (v.state === 'cancelled') return null;
  const leg = legs.find((x) => x.seq === v.legSeq);
  return {
    key: `vehicle:${v.id}`, kind: 'vehicle', category: v.kind, categoryLabel: `${v.kindLabel}（出差第 ${v.legSeq} 段）`, title: v.title, date: v.startDate,
    amountFen: v.costFen ?? 0, personalFen: 0, standardText: v.standardText, standardFen: null, withinStandard: v.withinStandard,
    overStandardRule: v.withinStandard ? null : `超出批准行程：第 ${v.legSeq} 段至 ${leg?.arriveOn ?? ''}，实际 ${v.endDate} 结束`,
    approval: null, statusLabel: v.costFen == null ? `${v.stateLabel}（费用待结算）` : v.stateLabel, invoiceNumbers: [], cardPaymentIds: [],
    paidBy: v.state === 'ended' ? 'statement' : 'unpaid', paidByLabel: '',
  };
}
