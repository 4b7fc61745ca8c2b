import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { dayPlanStatusLabels, type DayPlan, type DayPlanRoute, type DayPlanStop, type DayPlanSummary } from '@shared/trips/day-plan.schemas';
import { StatusChip } from '../../../components/status-chip';
import { InfoRow } from '../../../components/info-row';
import { formatPlate, formatShanghai } from '../../../utils/format';
import {
  clockOf, dayPlanStatusTone, formatComputeTime, formatDuty, formatKm, modeShortLabel, windowOf,
} from './day-plan-display';

/** One row of the plans made for the day; tapping it shows that plan. */
export function PlanListItem({ plan, active, onSelect }: { plan: DayPlan; active: boolean; onSelect: () => void }) {
  return (
    <View className={`pick-row day-plan-item day-plan-item-${plan.id} day-plan-item-${plan.status}${active ? ' is-active' : ''}`} onClick={onSelect}>
      <View className="pick-main">
        <View className="item-head">
          <Text className="pick-title">方案 {plan.id} · {modeShortLabel(plan.mode)}</Text>
          <StatusChip label={dayPlanStatusLabels[plan.status]} tone={dayPlanStatusTone[plan.status]} />
        </View>
        <Text className="pick-sub">{plan.createdByName} · 生成于 {formatShanghai(plan.createdAt)}</Text>
        {plan.summary ? (
          <Text className="pick-sub">用车 {plan.summary.vehiclesUsed} 辆 · 空驶 {formatKm(plan.summary.deadheadKm)} · 未安排 {plan.summary.unservedTrips} 单</Text>
        ) : null}
      </View>
    </View>
  );
}

function Stat({ value, label, hook }: { value: string; label: string; hook: string }) {
  return (
    <View className={`day-plan-stat ${hook}`}>
      <Text className="day-plan-stat-value">{value}</Text>
      <Text className="day-plan-stat-label">{label}</Text>
    </View>
  );
}

/** The plan's figures; the gap is to a proven lower bound, so the real distance to the best plan is at most that. */
export function PlanSummary({ plan, summary }: { plan: DayPlan; summary: DayPlanSummary }) {
  const bound = summary.boundIsLp ? 'LP 下界（已证明）' : '松弛下界';
  return (
    <View className="card day-plan-summary">
      <View className="item-head">
        <Text className="card-title">方案 {plan.id} · {modeShortLabel(plan.mode)}</Text>
        <StatusChip label={dayPlanStatusLabels[plan.status]} tone={dayPlanStatusTone[plan.status]} hook="day-plan-status" />
      </View>
      <View className="day-plan-stats">
        <Stat hook="day-plan-stat-trips" value={`行程 ${summary.trips} 单`} label={`需 ${summary.vehicleSlots} 车次`} />
        <Stat hook="day-plan-stat-vehicles" value={`${summary.vehiclesUsed} / ${summary.vehiclesAvailable} 辆`} label="用车 / 可用" />
        <Stat hook="day-plan-stat-deadhead" value={formatKm(summary.deadheadKm)} label="空驶" />
        <Stat hook="day-plan-stat-unserved" value={`${summary.unservedTrips} 单`} label="未安排" />
      </View>
      <InfoRow
        label="最优差距"
        hook="day-plan-summary-gap"
        value={(
          <View>
            <Text className="day-plan-gap">与最优下界差距 {summary.gapPercent.toFixed(1)}%</Text>
            <Text className="day-plan-note day-plan-bound">下界：{bound}。任何方案的代价都不低于下界，本方案与最优方案的实际差距不超过此值</Text>
          </View>
        )}
      />
      <InfoRow label="计算用时" value={formatComputeTime(summary.computeMs)} hook="day-plan-summary-time" />
      <InfoRow label="生成" value={`${plan.createdByName} · ${formatShanghai(plan.createdAt)}`} />
    </View>
  );
}

/**
 * One vehicle's day: its trips in order, the empty driving before each, and the hours on duty.
 * `onMove` (a ready, adjustable plan): each stop offers 调整.
 */
export function RouteCard({ route, date, onMove }: { route: DayPlanRoute; date: string; onMove?: (stop: DayPlanStop) => void }) {
  return (
    <View className={`card day-plan-route day-plan-route-${route.vehicleId}`}>
      <View className="item-head">
        <Text className="item-car-plate day-plan-route-head">{formatPlate(route.plate)} · {route.driverName} · {route.seats} 座</Text>
        <Text className="muted">{route.stops.length} 单</Text>
      </View>
      {route.stops.map((s, i) => (
        <View key={`${s.tripId}-${i}`} className={`day-plan-stop day-plan-stop-${s.tripId}`}>
          <View className="day-plan-stop-index">{i + 1}</View>
          <View className="day-plan-stop-body">
            <Text className="day-plan-stop-time">{windowOf(s.startAt, s.endAt, date)}</Text>
            <Text className="day-plan-stop-purpose">{s.purpose}</Text>
            <Text className="item-line">{s.originName} → {s.destinationName} · {s.passengers} 人</Text>
            <View className="day-plan-stop-tags">
              {s.vehiclesNeeded > 1 ? <Text className="tag day-plan-multi">多车同派 · 共 {s.vehiclesNeeded} 辆</Text> : null}
              <Text className="tag day-plan-deadhead">{i === 0 ? '出发空驶' : '空驶'} {formatKm(s.deadheadKm)}</Text>
            </View>
          </View>
          {onMove ? <View className="day-plan-stop-move" onClick={() => onMove(s)}>调整</View> : null}
        </View>
      ))}
      <Text className="item-line day-plan-route-foot">当班 {formatDuty(route.dutyMinutes)}（出发至最后一单结束）· 空驶合计 {formatKm(route.deadheadKm)}</Text>
    </View>
  );
}

/** `onAdd` (a ready, adjustable plan): each item offers 安排车辆; the server refuses a 多车同派 trip with its reason. */
export function UnservedCard({ plan, onAdd }: { plan: DayPlan; onAdd?: (u: DayPlan['unserved'][number]) => void }) {
  return (
    <View className="card day-plan-unserved">
      <Text className="card-title">未安排（{plan.unserved.length} 单）</Text>
      {plan.unserved.length ? plan.unserved.map((u) => (
        <View key={u.tripId} className={`day-plan-unserved-item day-plan-unserved-${u.tripId}`}>
          <Text className="item-line item-line-strong">{clockOf(u.startAt, plan.date)} · {u.purpose}（行程 {u.tripId}）</Text>
          <Text className="item-reason">{u.reason}</Text>
          {onAdd ? <View className="day-plan-unserved-move" onClick={() => onAdd(u)}>安排车辆</View> : null}
        </View>
      )) : <Text className="muted day-plan-all-served">全部行程均已安排车辆</Text>}
    </View>
  );
}

const plateLike = /^[\u4e00-\u9fa5][A-Z][A-Z0-9]{5,6}$/;

/** Vehicles and drivers left out (busy that day, papers lapse, no pair…); folded away by default. */
export function ExcludedCard({ plan }: { plan: DayPlan }) {
  const [open, setOpen] = useState(false);
  if (!plan.excluded.length) return null;
  return (
    <View className={`card day-plan-excluded${open ? ' is-open' : ''}`}>
      <View className="item-head day-plan-excluded-toggle" onClick={() => setOpen(!open)}>
        <Text className="card-title">未参与排班的车辆/驾驶员（{plan.excluded.length}）</Text>
        <Text className="muted">{open ? '收起' : '展开'}</Text>
      </View>
      {open ? plan.excluded.map((x) => (
        <View key={`${x.kind}-${x.id}`} className={`day-plan-excluded-item day-plan-excluded-${x.kind}-${x.id}`}>
          <Text className="item-line item-line-strong">{x.kind === 'vehicle' ? `车辆 ${plateLike.test(x.name) ? formatPlate(x.name) : x.name}` : `驾驶员 ${x.name}`}</Text>
          <Text className="item-reason">{x.reason}</Text>
        </View>
      )) : null}
    </View>
  );
}

/** What 按方案派车 did to each trip. */
export function AppliedResults({ plan }: { plan: DayPlan }) {
  if (!plan.applied) return null;
  const purposes = new Map<number, string>();
  for (const r of plan.routes) for (const s of r.stops) purposes.set(s.tripId, s.purpose);
  for (const u of plan.unserved) purposes.set(u.tripId, u.purpose);
  const ok = plan.applied.filter((r) => r.dispatched).length;
  return (
    <View className="card day-plan-results">
      <Text className="card-title">派车结果：已派 {ok} 单，未派 {plan.applied.length - ok} 单</Text>
      {plan.applied.map((r) => (
        <View key={r.tripId} className={`day-plan-result day-plan-result-${r.tripId}${r.dispatched ? ' is-ok' : ' is-failed'}`}>
          <Text className="day-plan-result-title">行程 {r.tripId}{purposes.has(r.tripId) ? ` ${purposes.get(r.tripId)}` : ''}：{r.dispatched ? '已派' : '未派'}</Text>
          {r.assignments.map((a) => (
            <Text key={a.plate} className="item-line item-line-strong day-plan-result-pick">{formatPlate(a.plate)} · 驾驶员 {a.driverName}</Text>
          ))}
          {r.message ? <Text className="item-reason">{r.message}</Text> : null}
        </View>
      ))}
    </View>
  );
}
