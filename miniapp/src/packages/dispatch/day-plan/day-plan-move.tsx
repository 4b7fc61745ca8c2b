import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { DayPlan, DayPlanMoveOption } from '@shared/trips/day-plan.schemas';
import { fetchDayPlanMoves, moveDayPlanTrip } from '../../../services/dispatch.api';
import { errorMessage } from '../../../components/error-block';
import { Loading } from '../../../components/loading';
import { formatPlate, formatShanghai } from '../../../utils/format';
import { formatDeltaKm, loadLabel } from './day-plan-display';

/** The vehicle-slot being adjusted: a stop on a car (`from`), or a trip the plan left unserved (`from` null). */
export interface MoveTarget {
  tripId: number;
  purpose: string;
  from: { vehicleId: number; plate: string; driverName: string; stops: number } | null;
}

function OptionRow({ option, freesSource, busy, onPick }: {
  option: DayPlanMoveOption; freesSource: boolean; busy: boolean; onPick: () => void;
}) {
  const o = option;
  return (
    <View
      className={`pick-row day-plan-move-option day-plan-move-option-${o.vehicleId} ${o.feasible ? 'is-feasible' : 'is-infeasible'}`}
      onClick={() => { if (o.feasible && !busy) onPick(); }}
    >
      <View className="pick-main">
        <Text className="pick-title">{formatPlate(o.plate)} · {o.driverName} · {o.seats} 座</Text>
        <Text className="pick-sub day-plan-move-load">
          {o.feasible ? loadLabel(o.tripsNow, freesSource) : o.tripsNow ? `已有 ${o.tripsNow} 单` : '空闲车辆'}
        </Text>
        {o.feasible ? null : <Text className="pick-reason day-plan-move-reason">{o.reason ?? '不符合排班规则'}</Text>}
      </View>
      <Text className={`pick-mark day-plan-move-delta${o.feasible && o.deltaKm != null ? (o.deltaKm > 0.05 ? ' is-more' : o.deltaKm < -0.05 ? ' is-less' : '') : ''}`}>{o.feasible ? (o.deltaKm == null ? '可调整' : formatDeltaKm(o.deltaKm)) : '不可选'}</Text>
    </View>
  );
}

/**
 * 调整: the cars the trip could go to, as the server checks them by the plan's own rules; picking one
 * (or 移出方案) sends the move and hands the recomputed plan back. A refusal is shown here, in place.
 */
export function MovePanel({ plan, target, onClose, onMoved }: {
  plan: DayPlan; target: MoveTarget; onClose: () => void; onMoved: (p: DayPlan) => void;
}) {
  const [options, setOptions] = useState<DayPlanMoveOption[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fromId = target.from?.vehicleId ?? null;

  useEffect(() => {
    let dropped = false;
    setOptions(null);
    setError(null);
    fetchDayPlanMoves(plan.id, target.tripId, fromId)
      .then((items) => { if (!dropped) setOptions(items); })
      .catch((e: unknown) => { if (!dropped) { setOptions([]); setError(errorMessage(e)); } });
    return () => { dropped = true; };
  }, [plan.id, target.tripId, fromId]);

  async function send(to: number | null): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      onMoved(await moveDayPlanTrip(plan.id, { tripId: target.tripId, from: fromId, to }));
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  async function remove(): Promise<void> {
    const answer = await Taro.showModal({
      title: '移出方案',
      content: `行程 ${target.tripId}「${target.purpose}」将移出本方案（占用的车辆一并释放），留待人工派车。确定移出？`,
      confirmText: '移出',
    });
    if (answer.confirm) await send(null);
  }

  const feasible = options?.filter((o) => o.feasible).length ?? 0;
  const freesSource = target.from != null && target.from.stops === 1;
  return (
    <View className="day-plan-move">
      <View className="day-plan-move-mask" onClick={() => { if (!busy) onClose(); }} />
      <View className={`day-plan-move-panel day-plan-move-panel-${target.tripId}`}>
        <Text className="card-title day-plan-move-title">调整行程 {target.tripId} · {target.purpose}</Text>
        <Text className="muted day-plan-move-from">
          {target.from
            ? `当前：${formatPlate(target.from.plate)} · ${target.from.driverName}。选择改由哪辆车承担：`
            : '方案未安排此行程。选择安排到哪辆车：'}
        </Text>
        <View className="day-plan-move-options">
          {options == null ? <Loading text="正在核对各车辆…" /> : null}
          {options && options.length && !feasible ? <Text className="muted day-plan-move-none">没有可调整到的车辆，原因见下</Text> : null}
          {options?.map((o) => (
            <OptionRow key={o.vehicleId} option={o} freesSource={freesSource} busy={busy} onPick={() => void send(o.vehicleId)} />
          ))}
          {options && !options.length && !error ? <Text className="muted day-plan-move-none">方案中没有其他车辆</Text> : null}
        </View>
        {error ? <View className="form-banner form-banner-error day-plan-move-error">{error}</View> : null}
        {busy ? <Text className="muted day-plan-move-busy">调整中…</Text> : null}
        <View className="day-plan-move-actions">
          {target.from ? (
            <View className={`btn btn-danger day-plan-move-remove${busy ? ' is-disabled' : ''}`} onClick={() => { if (!busy) void remove(); }}>
              移出方案（留待人工派车）
            </View>
          ) : null}
          <View className={`btn btn-ghost day-plan-move-cancel${busy ? ' is-disabled' : ''}`} onClick={() => { if (!busy) onClose(); }}>取消</View>
        </View>
      </View>
    </View>
  );
}

/** The dispatcher's adjustments, oldest first; kept on the plan after it is applied. */
export function EditsCard({ plan }: { plan: DayPlan }) {
  if (!plan.edits.length) return null;
  return (
    <View className="card day-plan-edits">
      <Text className="card-title">调整记录（{plan.edits.length}）</Text>
      {plan.edits.map((e, i) => (
        <View key={`${e.at}-${i}`} className="day-plan-edit">
          <Text className="day-plan-edit-head">{formatShanghai(e.at)} · {e.byName}</Text>
          <Text className="item-line day-plan-edit-text">{e.text}</Text>
        </View>
      ))}
    </View>
  );
}
