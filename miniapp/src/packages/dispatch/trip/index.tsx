import { useCallback, useState } from 'react';
import Taro, { useLoad, usePullDownRefresh } from '@tarojs/taro';
import { View, Text, Textarea } from '@tarojs/components';
import { tripKindLabel, type TripDetail } from '@shared/trips/trips.schemas';
import { reassignSchema, type Candidates } from '@shared/trips/dispatch.schemas';
import type { Unit } from '@shared/identity/identity.schemas';
import { vehicleCategoryLabel } from '@shared/fleet/fleet.schemas';
import { getTrip } from '../../../services/trips.api';
import { dispatchManual, fetchCandidates, fetchRentalCompanies, reassign } from '../../../services/dispatch.api';
import { requireSession } from '../../../services/session.store';
import { Loading } from '../../../components/loading';
import { ErrorBlock } from '../../../components/error-block';
import { StatusChip } from '../../../components/status-chip';
import { InfoRow } from '../../../components/info-row';
import { SubmitButton } from '../../../components/form-field';
import { TripEvidenceCard } from '../../../components/trip-evidence-card';
import { TripAssignments, TripTimeline } from '../../../components/trip-sections';
import { formatPlate, formatShanghai } from '../../../utils/format';
import { fieldErrors, formatWindow, tripStatusTone } from '../../../utils/trip-display';
import '../../../components/work.css';
import './index.css';

type Mode = 'fleet' | 'rental';

/** Manual dispatch (多车同派: pick N pairs at once), dispatch to a rental company, or 改派 with a reason. */
export default function DispatchTripPage() {
  const [id, setId] = useState(0);
  const [trip, setTrip] = useState<TripDetail | null>(null);
  const [cands, setCands] = useState<Candidates | null>(null);
  const [companies, setCompanies] = useState<Unit[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [mode, setMode] = useState<Mode>('fleet');
  const [vehicles, setVehicles] = useState<number[]>([]);
  const [drivers, setDrivers] = useState<number[]>([]);
  const [company, setCompany] = useState<number | null>(null);
  const [reassigning, setReassigning] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async (tripId: number) => {
    setError(null);
    try {
      const t = await getTrip(tripId);
      setTrip(t);
      if (t.status === 'approved' || t.status === 'dispatched') setCands(await fetchCandidates(tripId));
      if (t.status === 'approved') fetchRentalCompanies().then(setCompanies).catch(() => setCompanies([]));
    } catch (e) {
      setError(e);
    }
  }, []);

  useLoad((params: Record<string, string | undefined>) => {
    if (!requireSession()) return;
    setId(Number(params.id));
    void load(Number(params.id));
  });
  usePullDownRefresh(() => { void load(id).finally(() => Taro.stopPullDownRefresh()); });

  const live = trip ? trip.assignments.filter((a) => a.status !== 'released') : [];
  const needed = trip ? Math.max(0, trip.vehiclesNeeded - live.length) : 0;
  const limit = reassigning != null ? 1 : needed;

  function toggle(list: number[], set: (v: number[]) => void, value: number): void {
    if (list.includes(value)) set(list.filter((x) => x !== value));
    else if (list.length < limit) set([...list, value]);
    else if (limit === 1) set([value]);
    else void Taro.showToast({ title: `本行程需 ${limit} 辆车，已选满`, icon: 'none' });
  }

  async function run(work: () => Promise<unknown>, done: string): Promise<void> {
    setBusy(true);
    try {
      await work();
      void Taro.showToast({ title: done, icon: 'success' });
      setVehicles([]);
      setDrivers([]);
      setReassigning(null);
      setReason('');
      await load(id);
    } catch {
      // The server's message was shown by the http client.
    } finally {
      setBusy(false);
    }
  }

  /** 改派 of one car: its own vehicle and driver are offered again (e.g. keep the driver, change only the car). */
  async function startReassign(assignmentId: number): Promise<void> {
    setReassigning(assignmentId);
    setVehicles([]);
    setDrivers([]);
    try {
      setCands(await fetchCandidates(id, assignmentId));
    } catch (e) {
      setError(e);
    }
  }

  function cancelReassign(): void {
    setReassigning(null);
    void load(id);
  }

  function submitFleet(): void {
    if (vehicles.length !== limit || drivers.length !== limit) {
      setFormError(`请选择 ${limit} 辆车和 ${limit} 名驾驶员（已选 ${vehicles.length} 辆、${drivers.length} 人）`);
      return;
    }
    setFormError(null);
    if (reassigning != null) {
      const parsed = reassignSchema.safeParse({ vehicleId: vehicles[0], driverId: drivers[0], reason });
      if (!parsed.success) return setFormError(fieldErrors(parsed.error.issues).reason ?? '请完整填写改派信息');
      void run(() => reassign(reassigning, parsed.data), '已改派');
      return;
    }
    const picks = vehicles.map((v, i) => ({ vehicleId: v, driverId: drivers[i]! }));
    void run(() => dispatchManual(id, { source: 'fleet', picks }), '已派车');
  }

  function submitRental(): void {
    if (company == null) return setFormError('请选择租赁企业');
    setFormError(null);
    void run(() => dispatchManual(id, { source: 'rental', companyId: company }), '已转租赁企业');
  }

  if (error) return <View className="page"><ErrorBlock error={error} onRetry={() => void load(id)} /></View>;
  if (!trip) return <View className="page"><Loading /></View>;

  const picking = trip.status === 'approved' || reassigning != null;

  return (
    <View className={`page page-with-bar dispatch-trip dispatch-trip-${trip.id} trip-status-${trip.status}`}>
      <View className="card">
        <View className="item-head">
          <Text className="item-title">{trip.purpose}</Text>
          <StatusChip label={trip.statusLabel} tone={tripStatusTone[trip.status]} />
        </View>
        <InfoRow label="用车时间" value={formatWindow(trip.startAt, trip.endAt, formatShanghai)} />
        <InfoRow label="路线" value={[trip.origin, ...trip.destinations].map((p) => p.name).join(' → ')} />
        <InfoRow label="用车人" value={`${trip.applicantName} · ${trip.passengers} 人`} />
        <InfoRow label="需求" value={`${tripKindLabel[trip.kind]} · ${trip.vehiclesNeeded} 辆 · 每车 ${trip.seatsWanted} 座 · ${trip.category ? vehicleCategoryLabel[trip.category] : '不限车型'}`} />
      </View>

      <TripAssignments trip={trip} showReason />
      {trip.assignments.some((a) => a.departedAt) ? <TripEvidenceCard tripId={trip.id} refreshKey={trip.status} /> : null}
      {trip.status === 'dispatched' && reassigning == null ? (
        <View className="card">
          <Text className="card-title">改派</Text>
          <Text className="muted">出车前可更换车辆或驾驶员，原车辆与驾驶员随即释放。</Text>
          <View className="choice-chips reassign-targets">
            {live.filter((a) => a.status === 'dispatched' || a.status === 'accepted').map((a) => (
              <View key={a.id} className={`choice-chip reassign-${a.id}`} onClick={() => void startReassign(a.id)}>
                改派 {a.plate ? formatPlate(a.plate) : ''}
              </View>
            ))}
          </View>
        </View>
      ) : null}

      {trip.status === 'approved' ? (
        <View className="tabs dispatch-mode">
          <View className={`tab dispatch-mode-fleet${mode === 'fleet' ? ' is-active' : ''}`} onClick={() => setMode('fleet')}>本单位车辆</View>
          <View className={`tab dispatch-mode-rental${mode === 'rental' ? ' is-active' : ''}`} onClick={() => setMode('rental')}>转租赁企业</View>
        </View>
      ) : null}

      {picking && (mode === 'fleet' || reassigning != null) && cands ? (
        <>
          <View className="card dispatch-vehicles">
            <Text className="card-title">{reassigning != null ? '改派车辆' : `选择车辆（${vehicles.length}/${limit}）`}</Text>
            {cands.vehicles.map((v) => (
              <View
                key={v.id}
                className={`pick-row pick-vehicle pick-vehicle-${v.id}${vehicles.includes(v.id) ? ' is-active' : ''}${v.eligible ? '' : ' is-disabled'}`}
                onClick={() => v.eligible && toggle(vehicles, setVehicles, v.id)}
              >
                <View className="pick-main">
                  <Text className="pick-title">{formatPlate(v.plate)} <Text className="muted">{v.brandModel}</Text></Text>
                  <Text className="pick-sub">{vehicleCategoryLabel[v.category]} · {v.seats} 座{v.source === 'pool' ? ' · 平台车' : ''}</Text>
                  {v.reasons.length ? <Text className="pick-reason">{v.reasons.join('；')}</Text> : null}
                </View>
                <Text className="pick-mark">{vehicles.includes(v.id) ? `第 ${vehicles.indexOf(v.id) + 1} 辆` : v.eligible ? '空闲' : '不可派'}</Text>
              </View>
            ))}
          </View>
          <View className="card dispatch-drivers">
            <Text className="card-title">{reassigning != null ? '改派驾驶员' : `选择驾驶员（${drivers.length}/${limit}）`}</Text>
            {cands.drivers.map((d) => (
              <View
                key={d.id}
                className={`pick-row pick-driver pick-driver-${d.id}${drivers.includes(d.id) ? ' is-active' : ''}${d.eligible ? '' : ' is-disabled'}`}
                onClick={() => d.eligible && toggle(drivers, setDrivers, d.id)}
              >
                <View className="pick-main">
                  <Text className="pick-title">{d.name} <Text className="muted">{d.phone ?? d.phoneMasked}</Text></Text>
                  <Text className="pick-sub">驾驶证有效期至 {d.licenceExpires}</Text>
                  {d.reasons.length ? <Text className="pick-reason">{d.reasons.join('；')}</Text> : null}
                </View>
                <Text className="pick-mark">{drivers.includes(d.id) ? `第 ${drivers.indexOf(d.id) + 1} 辆` : d.eligible ? '空闲' : '不可派'}</Text>
              </View>
            ))}
          </View>
          {reassigning != null ? (
            <View className="card">
              <Text className="card-title">改派原因</Text>
              <Textarea className="form-textarea input-reassign-reason" value={reason} maxlength={200} placeholder="如：原车辆临时故障" placeholderClass="form-placeholder" onInput={(e) => setReason(e.detail.value)} />
            </View>
          ) : null}
        </>
      ) : null}

      {trip.status === 'approved' && mode === 'rental' ? (
        <View className="card dispatch-companies">
          <Text className="card-title">选择租赁企业</Text>
          {companies.length ? companies.map((c) => (
            <View key={c.id} className={`pick-row pick-company pick-company-${c.id}${company === c.id ? ' is-active' : ''}`} onClick={() => setCompany(c.id)}>
              <View className="pick-main">
                <Text className="pick-title">{c.name}</Text>
                <Text className="pick-sub">{c.regionName}</Text>
              </View>
              <Text className="pick-mark">{company === c.id ? '已选' : ''}</Text>
            </View>
          )) : <Text className="muted dispatch-no-company">暂无可选的租赁企业</Text>}
        </View>
      ) : null}

      {formError ? <View className="form-banner form-banner-error dispatch-error">{formError}</View> : null}
      <TripTimeline trip={trip} />

      {picking ? (
        <View className="action-bar">
          {reassigning != null ? <View className="btn btn-ghost reassign-cancel" onClick={cancelReassign}>取消改派</View> : null}
          {mode === 'rental' && reassigning == null
            ? <SubmitButton text="发送给租赁企业" busy={busy} onClick={submitRental} hook="dispatch-rental-submit" />
            : <SubmitButton text={reassigning != null ? '确认改派' : '确认派车'} busy={busy} onClick={submitFleet} hook="dispatch-manual-submit" />}
        </View>
      ) : null}
    </View>
  );
}
