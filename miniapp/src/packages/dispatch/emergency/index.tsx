import { useState } from 'react';
import Taro, { useLoad } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { Candidates, EmergencyResult } from '@shared/trips/dispatch.schemas';
import type { CreateTripInput } from '@shared/trips/trips.schemas';
import { vehicleCategoryLabel } from '@shared/fleet/fleet.schemas';
import { dispatchEmergency, fetchWindowCandidates } from '../../../services/dispatch.api';
import { ApiError } from '../../../services/http';
import { requireSession } from '../../../services/session.store';
import { TripForm } from '../../../components/trip-form';
import { TripAssignments } from '../../../components/trip-sections';
import { InfoRow } from '../../../components/info-row';
import { SubmitButton } from '../../../components/form-field';
import { formatPlate, formatShanghai } from '../../../utils/format';
import { formatWindow } from '../../../utils/trip-display';
import { EmergencyPicker } from './emergency-picker';
import '../../../components/work.css';
import './index.css';

type Mode = 'pick' | 'auto';

/**
 * 紧急调度 (DOMAIN.md §4): dispatch first, approve after (补单). The request and its cars go together:
 * the dispatcher picks as many cars as the trip needs (or lets the system choose, taking a car from a
 * lower-priority booking if need be); a refusal writes nothing, so the form stays as it was to try again.
 */
export default function EmergencyPage() {
  const [request, setRequest] = useState<CreateTripInput | null>(null);
  const [cands, setCands] = useState<Candidates | null>(null);
  const [mode, setMode] = useState<Mode>('pick');
  const [vehicles, setVehicles] = useState<number[]>([]);
  const [drivers, setDrivers] = useState<number[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<EmergencyResult | null>(null);
  useLoad(() => { requireSession(); });

  async function toPicking(input: CreateTripInput): Promise<void> {
    setCands(await fetchWindowCandidates({ startAt: input.startAt, endAt: input.endAt, seatsWanted: input.seatsWanted, category: input.category }));
    setVehicles([]);
    setDrivers([]);
    setFormError(null);
    setRequest(input);
  }

  function refuse(message: string): void {
    setFormError(message);
    void Taro.pageScrollTo({ scrollTop: 0, duration: 200 });
  }

  async function submit(): Promise<void> {
    if (!request || busy) return;
    const n = request.vehiclesNeeded;
    if (mode === 'pick' && (vehicles.length !== n || drivers.length !== n)) {
      refuse(`本行程需要 ${n} 辆车：请选择 ${n} 辆车和 ${n} 名驾驶员（已选 ${vehicles.length} 辆、${drivers.length} 人）`);
      return;
    }
    setFormError(null);
    setBusy(true);
    try {
      const picks = mode === 'pick' ? vehicles.map((v, i) => ({ vehicleId: v, driverId: drivers[i]! })) : undefined;
      setResult(await dispatchEmergency({ ...request, picks }));
    } catch (e) {
      refuse(e instanceof ApiError ? `${e.message}（未登记，可调整后重试）` : '提交失败，请稍后重试');
    } finally {
      setBusy(false);
    }
  }

  if (result) {
    return (
      <View className="page emergency-done">
        <View className="form-banner form-banner-ok">紧急用车已派车（行程 {result.trip.id}：{result.trip.plates.map(formatPlate).join('、')}），补单已提交审批。</View>
        <TripAssignments trip={result.trip} showReason />
        {result.preempted.length ? (
          <View className="card">
            <Text className="card-title">被调用的预约</Text>
            {result.preempted.map((p) => <Text key={p.tripId} className="item-reason">行程 {p.tripId}：{p.message}</Text>)}
          </View>
        ) : null}
        <View className="form-actions">
          <View className="btn btn-primary" onClick={() => void Taro.navigateBack()}>返回调度台</View>
        </View>
      </View>
    );
  }

  const n = request?.vehiclesNeeded ?? 0;
  return (
    <View className={`page emergency-page${request ? ' page-with-bar emergency-picking' : ''}`}>
      <View className="form-banner form-banner-error">紧急调度先派车后补单，仅用于应急保障等紧急情况；必要时将调用低优先级预约的车辆。车辆选齐才登记，未派成则不留下行程。</View>
      {/* Kept mounted while picking cars, so 返回修改 finds the form as it was left. */}
      <View style={request ? { display: 'none' } : undefined}>
        <TripForm submitText="下一步：选择车辆" onSubmit={toPicking} />
      </View>
      {request && cands ? (
        <>
          <View className="card emergency-summary">
            <Text className="card-title">{request.purpose}</Text>
            <InfoRow label="用车时间" value={formatWindow(request.startAt, request.endAt, formatShanghai)} />
            <InfoRow label="需求" value={`${n} 辆 · 每车 ${request.seatsWanted} 座 · ${request.category ? vehicleCategoryLabel[request.category] : '不限车型'}`} />
          </View>
          {/* Under the request, where the page scrolls back to: the lists of cars are long on a phone. */}
          {formError ? <View className="form-banner form-banner-error emergency-error">{formError}</View> : null}
          <View className="tabs emergency-mode">
            <View className={`tab emergency-mode-pick${mode === 'pick' ? ' is-active' : ''}`} onClick={() => setMode('pick')}>调度员选车</View>
            <View className={`tab emergency-mode-auto${mode === 'auto' ? ' is-active' : ''}`} onClick={() => setMode('auto')}>系统选派</View>
          </View>
          {mode === 'pick' ? (
            <EmergencyPicker cands={cands} limit={n} vehicles={vehicles} drivers={drivers} onVehicles={(v) => { setVehicles(v); setFormError(null); }} onDrivers={(v) => { setDrivers(v); setFormError(null); }} />
          ) : (
            <View className="card emergency-auto">
              <Text className="muted">系统按距离与均衡选派 {n} 辆空闲车辆；不足时调用低优先级预约的车辆（被调用的行程随即重新派车并通知用车人）。</Text>
            </View>
          )}
          {mode === 'pick' && vehicles.length ? (
            <View className="card emergency-chosen">
              <Text className="card-title">已选</Text>
              {vehicles.map((v, i) => {
                const car = cands.vehicles.find((x) => x.id === v);
                const who = cands.drivers.find((x) => x.id === drivers[i]);
                return <InfoRow key={v} label={`第 ${i + 1} 辆`} value={`${car ? formatPlate(car.plate) : v}${who ? ` · ${who.name}` : ' · 待选驾驶员'}`} />;
              })}
            </View>
          ) : null}
          <View className="action-bar">
            <View className="btn btn-ghost emergency-back" onClick={() => { setRequest(null); setFormError(null); }}>返回修改</View>
            <SubmitButton text="立即派车" busy={busy} onClick={() => void submit()} hook="emergency-submit" />
          </View>
        </>
      ) : null}
    </View>
  );
}
