import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import type { Assignment, TripDetail } from '@shared/trips/trips.schemas';
import { describeParts } from '@shared/settlement/settlement.schemas';
import { formatPlate, formatShanghai, formatYuan } from '../utils/format';
import { assignmentStatusTone } from '../utils/trip-display';
import { StatusChip } from './status-chip';
import { InfoRow } from './info-row';
import { Timeline } from './timeline';
import './work.css';

/** Names of the trip's record entries (trips.rules actions and the execution events). */
const eventLabel: Record<string, string> = {
  submit: '提交申请', resubmit: '修改后重新提交', approve: '审批通过', reject: '审批驳回', return_for_edit: '退回修改',
  dispatch: '派车', dispatch_rental: '转租赁企业', rental_accept: '租赁企业接单', rental_filled: '租赁企业派车',
  release_dispatch: '撤回派车', reassign: '改派', driver_accept: '驾驶员确认', depart: '出车', vehicle_return: '车辆回场',
  return_all: '全部回场', review: '交车审核', confirm: '用车人确认', rate: '评价', cancel: '取消', expire: '过期', no_show: '用车人未到',
  backfill_approved: '补单审批通过', backfill_rejected: '补单被驳回', backfill_returned: '补单被退回', emergency: '紧急调度',
  preempted: '被紧急调度抢占', correct_costs: '费用更正',
};

/** 「费用 ¥175.00（租车费 150.00、油费/充电费 20.00、通行费 5.00）」: by kind in the settlement statement's words. */
function costLine(a: Assignment): string {
  const parts = describeParts(a);
  return `费用 ${formatYuan(a.costFen)}${parts ? `（${parts}）` : ''}`;
}

/** Cars, drivers (phone masked) and their odometers, one block per vehicle (多车同派); `extra` adds the page's controls under a car. */
export function TripAssignments({ trip, showReason = false, extra }: { trip: TripDetail; showReason?: boolean; extra?: (a: Assignment) => ReactNode }) {
  const live = trip.assignments.filter((a) => a.status !== 'released');
  if (!live.length) return null;
  return (
    <View className="card trip-assignments">
      <Text className="card-title">车辆与驾驶员</Text>
      {live.map((a) => (
        <View key={a.id} className={`item-car trip-assignment trip-assignment-${a.id} assignment-status-${a.status}`}>
          <View className="item-head">
            <Text className="item-car-plate trip-assignment-plate">{a.plate ? formatPlate(a.plate) : '待租赁企业派车'}</Text>
            <StatusChip label={a.statusLabel} tone={assignmentStatusTone[a.status]} />
          </View>
          {a.driverName ? <Text className="item-line item-line-strong trip-assignment-driver">驾驶员 {a.driverName} {a.driverPhoneMasked ?? ''}</Text> : null}
          {a.source === 'rental' ? <Text className="item-line">社会化租赁</Text> : null}
          {a.departOdometerKm != null ? <Text className="item-line">出车 {a.departedAt ? formatShanghai(a.departedAt) : ''} · 里程 {a.departOdometerKm} km</Text> : null}
          {a.returnOdometerKm != null ? (
            <Text className="item-line">回场 {a.returnedAt ? formatShanghai(a.returnedAt) : ''} · 里程 {a.returnOdometerKm} km · 行驶 {(a.returnOdometerKm - (a.departOdometerKm ?? a.returnOdometerKm)).toFixed(1)} km</Text>
          ) : null}
          {a.costFen > 0 ? <Text className="item-line trip-assignment-cost">{costLine(a)}</Text> : null}
          {showReason && a.reason ? <Text className="item-reason">派车理由：{a.reason}</Text> : null}
          {extra ? extra(a) : null}
        </View>
      ))}
    </View>
  );
}

/** The kinds of cost a driver enters at 回场 (trips' returnSchema), in the form's words. */
const costKinds = ['rentalFen', 'fuelFen', 'tollFen', 'parkingFen', 'otherFen'] as const;
const costKindLabel: Record<(typeof costKinds)[number], string> = {
  rentalFen: '租车费', fuelFen: '油费/充电费', tollFen: '过路过桥费', parkingFen: '停车费', otherFen: '其他费用',
};

/** Distance and cost once the cars are back: each kind the drivers entered (all cars together), then the total. */
export function TripCosts({ trip }: { trip: TripDetail }) {
  const back = trip.assignments.filter((a) => a.status === 'returned');
  if (!back.length) return null;
  const km = back.reduce((s, a) => s + Math.max(0, (a.returnOdometerKm ?? 0) - (a.departOdometerKm ?? 0)), 0);
  return (
    <View className="card trip-costs">
      <Text className="card-title">里程与费用</Text>
      <InfoRow label="行驶里程" value={`${km.toFixed(1)} km`} hook="trip-costs-km" />
      {costKinds.filter((k) => k !== 'rentalFen' || back.some((a) => a.source === 'rental')).map((k) => (
        <InfoRow key={k} label={costKindLabel[k]} value={formatYuan(back.reduce((s, a) => s + a[k], 0))} hook={`trip-costs-part trip-costs-${k}`} />
      ))}
      <InfoRow label="费用合计" value={<Text className="trip-costs-total">{formatYuan(trip.costFen)}</Text>} hook="trip-costs-total-row" />
    </View>
  );
}

/** The full record of the trip, newest first. */
export function TripTimeline({ trip }: { trip: TripDetail }) {
  const entries = [...trip.events].reverse().map((e) => ({
    at: formatShanghai(e.at), title: eventLabel[e.action] ?? e.action, who: e.actorName, note: e.note,
  }));
  return (
    <View className="card trip-timeline-card">
      <Text className="card-title">全程记录</Text>
      <Timeline entries={entries} hook="trip-timeline" />
    </View>
  );
}
