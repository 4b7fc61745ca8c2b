import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import type { Reservation } from '@shared/reservations/reservations.schemas';
import { StatusChip } from '../../components/status-chip';
import { formatShanghai, formatYuan } from '../../utils/format';
import { reservationStatusTone } from './reservation-display';

/** One booking on a list: kind, what, status, the amount against the standard; `who` names the other side. */
export function ReservationCard({ r, who, onClick, children }: { r: Reservation; who: 'traveller' | 'supplier'; onClick?: () => void; children?: ReactNode }) {
  return (
    <View className={`item-card rsv-card rsv-card-${r.id} rsv-kind-${r.kind} rsv-status-${r.status}`} onClick={onClick}>
      <View className="item-head">
        <Text className="item-title"><Text className={`rsv-kind-tag rsv-kind-tag-${r.kind}`}>{r.kindLabel}</Text>{r.title}</Text>
        <StatusChip label={r.statusLabel} tone={reservationStatusTone[r.status]} hook="rsv-status" />
      </View>
      <Text className="item-line">
        {who === 'supplier' ? `出行人 ${r.travellerName} · ` : r.title.includes(r.supplierName) ? '' : `${r.supplierName} · `}行程 {r.tripId} · {formatShanghai(r.createdAt)} 提交
      </Text>
      <Text className="item-line item-line-strong rsv-amount">
        {formatYuan(r.amountFen)}{r.personalFen > 0 ? `（单位 ${formatYuan(r.officialFen)}，本人自付 ${formatYuan(r.personalFen)}）` : ''} · {r.standardText}
      </Text>
      {r.ticketNo ? <Text className="item-line rsv-ticket-no">票号 {r.ticketNo}</Text> : null}
      {r.overStandardRule ? <Text className="item-reason rsv-rule">{r.overStandardRule}</Text> : null}
      {r.note && r.status !== 'awaiting_supplier' && !r.ticketNo ? <Text className="item-line rsv-note">{r.note}</Text> : null}
      {children}
    </View>
  );
}
