import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, useLoad, usePullDownRefresh } from '@tarojs/taro';
import { View, Text, Input } from '@tarojs/components';
import { licenceSchema, type GeoPoint, type LicenceInput, type LicenceView, type Rental, type RentalCar, type RentalPayWith, type RentalPurpose, type Station } from '@shared/rental/rental.schemas';
import type { TripListItem } from '@shared/trips/trips.schemas';
import { fetchCurrentRental, fetchLicence, findCars, reserveCar, saveLicence, type FindCarsResponse } from '../../../services/rental.api';
import { listTrips } from '../../../services/trips.api';
import { requireSession } from '../../../services/session.store';
import { Loading } from '../../../components/loading';
import { Empty } from '../../../components/empty';
import { ErrorBlock, errorMessage } from '../../../components/error-block';
import { StatusChip } from '../../../components/status-chip';
import { ChoiceChips, SubmitButton } from '../../../components/form-field';
import { formatPlate, formatShanghai } from '../../../utils/format';
import { batteryTone, formatDistance, planTerms } from '../rental-display';
import { RentalPlot } from '../rental-plot';
import '../../../components/work.css';
import '../rental.css';

const rentalUrl = (id: number) => `/packages/rental/rental/index?id=${id}`;
/** Where to look when the phone gives no position: every station's cars are listed instead. */
type Where = { kind: 'near' } | { kind: 'station'; stationId: number } | { kind: 'all' };

/**
 * 分时租赁 · 找车 (JOURNEYS.md civil servant 2): cars near me or at a station, on the map and as a
 * list, with battery and range enough for the distance I state → pick one → official use (for one of
 * my approved tasks, licence on file) or personal use → reserve (held 15 minutes) → the rental page.
 */
export default function RentalFindPage() {
  const [me, setMe] = useState<GeoPoint | null>(null);
  const [located, setLocated] = useState<'pending' | 'ok' | 'failed'>('pending');
  const [where, setWhere] = useState<Where>({ kind: 'near' });
  const [distanceText, setDistanceText] = useState('');
  const [distanceKm, setDistanceKm] = useState(0);
  const [found, setFound] = useState<FindCarsResponse | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [current, setCurrent] = useState<Rental | null>(null);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  /** Every station seen so far, so the station chips stay while one station is picked. */
  const [knownStations, setKnownStations] = useState<Station[]>([]);

  useLoad((params: Record<string, string | undefined>) => {
    // The operator's orders are their own page; old links still land there.
    if (params.view === 'orders') void Taro.redirectTo({ url: '/packages/rental/orders/index' });
  });

  const locate = useCallback(async () => {
    try {
      const at = await Taro.getLocation({ type: 'wgs84' });
      setMe({ lat: at.latitude, lng: at.longitude });
      setLocated('ok');
    } catch {
      setLocated('failed');
      setWhere((w) => (w.kind === 'near' ? { kind: 'all' } : w));
    }
  }, []);

  const load = useCallback(async () => {
    if (located === 'pending') return;
    setError(null);
    try {
      const q = where.kind === 'station' ? { stationId: where.stationId } : where.kind === 'near' && me ? { lat: me.lat, lng: me.lng, radiusM: 10_000 } : {};
      const [cars, open] = await Promise.all([
        findCars({ ...q, distanceKm: distanceKm || undefined }),
        fetchCurrentRental().catch(() => null),
      ]);
      setFound(cars);
      setKnownStations((known) => {
        const byId = new Map(known.map((s) => [s.id, s]));
        for (const s of cars.stations) byId.set(s.id, s);
        return [...byId.values()].sort((a, b) => a.id - b.id);
      });
      setCurrent(open);
    } catch (e) {
      setError(e);
    }
  }, [located, where, me, distanceKm]);

  useDidShow(() => { if (requireSession() && located === 'pending') void locate(); });
  useEffect(() => { void load(); }, [load]);
  useDidShow(() => { void load(); });
  usePullDownRefresh(() => { void load().finally(() => Taro.stopPullDownRefresh()); });

  function applyDistance(): void {
    const n = Number(distanceText.trim() || '0');
    if (!Number.isFinite(n) || n < 0 || n > 1000) {
      void Taro.showToast({ title: '计划行驶里程请填 0–1000 公里', icon: 'none' });
      return;
    }
    setDistanceKm(n);
  }

  const cars = found?.cars ?? [];
  const selected = cars.find((c) => c.id === selectedId) ?? null;
  const stations = found?.stations ?? [];
  const open = current && (current.status === 'reserved' || current.status === 'in_rental') ? current : null;

  return (
    <View className="page page-with-bar rental-find-page">
      <View className="work-header">
        <View>
          <Text className="work-header-title">分时租赁 · 找车</Text>
          <Text className="work-header-sub rental-find-summary">
            {found ? `${where.kind === 'near' && me ? '附近 10 公里内' : where.kind === 'station' ? (stations[0]?.name ?? '网点') : '全部网点'}可租 ${cars.length} 辆` : '正在查找可租车辆…'}
            {distanceKm ? ` · 续航足够行驶 ${distanceKm} 公里` : ''}
          </Text>
        </View>
        <View className="rental-header-link rental-go-mine" onClick={() => void Taro.navigateTo({ url: '/packages/rental/mine/index' })}>我的租车</View>
      </View>

      {open ? (
        <View className={`rental-current-banner rental-current-${open.status}`} onClick={() => void Taro.navigateTo({ url: rentalUrl(open.id) })}>
          <Text className="rental-current-text">
            {open.status === 'reserved' ? `已预约 ${formatPlate(open.car.plate)}，请在 ${formatShanghai(open.holdUntil, 'HH:mm')} 前到车旁开锁` : `${formatPlate(open.car.plate)} 用车中`}
          </Text>
          <Text className="rental-current-go">查看 ›</Text>
        </View>
      ) : null}
      {current?.status === 'expired' ? (
        <View className="form-banner rental-expired-banner">您预约的 {formatPlate(current.car.plate)} 已超时释放：{current.note ?? '预约超时'}。可重新选择车辆。</View>
      ) : null}

      <View className="card rental-filters">
        <Text className="card-title">在哪里找</Text>
        <View className="choice-chips">
          <View className={`choice-chip where-near${where.kind === 'near' ? ' is-active' : ''}${located === 'failed' ? ' is-disabled' : ''}`}
            onClick={() => { if (located === 'failed') void locate().then(() => setWhere({ kind: 'near' })); else setWhere({ kind: 'near' }); }}>我附近</View>
          <View className={`choice-chip where-all${where.kind === 'all' ? ' is-active' : ''}`} onClick={() => setWhere({ kind: 'all' })}>全部网点</View>
          {knownStations.map((s) => (
            <View key={s.id} className={`choice-chip where-station-${s.id}${where.kind === 'station' && where.stationId === s.id ? ' is-active' : ''}`}
              onClick={() => setWhere({ kind: 'station', stationId: s.id })}>{s.name}</View>
          ))}
        </View>
        {located === 'failed' ? <Text className="form-hint rental-locate-failed">未能获取您的位置（请允许定位），已列出全部网点的车辆</Text> : null}
        <View className="rental-distance-row">
          <Text className="form-label">计划行驶</Text>
          <Input className="form-input input-rental-distance" type="digit" value={distanceText} placeholder="如 30" placeholderClass="form-placeholder"
            onInput={(e) => setDistanceText(e.detail.value)} onConfirm={applyDistance} />
          <Text className="form-unit">公里</Text>
          <View className="btn btn-ghost rental-distance-apply" onClick={applyDistance}>筛选</View>
        </View>
        <Text className="form-hint">只显示电量充足、续航超过计划里程 1.2 倍的车辆</Text>
      </View>

      {error && !found ? <ErrorBlock error={error} onRetry={() => void load()} /> : null}
      {!found && !error ? <Loading text="正在查找可租车辆…" /> : null}
      {found ? (
        <View>
          <RentalPlot cars={cars} stations={stations} me={where.kind === 'near' ? me : null} selectedId={selectedId} onSelect={setSelectedId} />
          <View className="fleet-legend">
            <Text className="legend-dot is-online" /><Text className="legend-text">可租车辆</Text>
            <Text className="legend-fence" /><Text className="legend-text">网点还车范围</Text>
            <Text className="legend-text muted">点按车辆预约</Text>
          </View>
          {!cars.length ? (
            <Empty title="附近暂无可租车辆" hint={distanceKm ? '可减少计划行驶里程，或换一个网点看看' : '可换一个网点看看，或下拉刷新'} />
          ) : null}
          {cars.map((c) => (
            <CarRow key={c.id} car={c} selected={c.id === selectedId} onSelect={() => setSelectedId(c.id === selectedId ? null : c.id)} />
          ))}
        </View>
      ) : null}
      {selected && !open ? <ReservePanel car={selected} onClose={() => setSelectedId(null)} onReserved={(r) => void Taro.navigateTo({ url: rentalUrl(r.id) })} /> : null}
      {selected && open ? (
        <View className="action-bar">
          <View className="form-banner form-banner-error rental-has-open">您已有{open.status === 'reserved' ? '预约' : '进行中的租车'}，一次只能预约或租用一辆车</View>
        </View>
      ) : null}
    </View>
  );
}

function CarRow({ car, selected, onSelect }: { car: RentalCar; selected: boolean; onSelect: () => void }) {
  return (
    <View className={`item-card rental-car rental-car-${car.id}${selected ? ' is-selected' : ''}`} onClick={onSelect}>
      <View className="item-head">
        <Text className="item-title rental-car-plate">{formatPlate(car.plate)} <Text className="muted rental-car-model">{car.model} · {car.seats} 座</Text></Text>
        {car.distanceM != null ? <Text className="rental-car-distance">{formatDistance(car.distanceM)}</Text> : null}
      </View>
      <View className="rental-battery">
        <View className="rental-battery-bar"><View className={`rental-battery-fill tone-${batteryTone(car.batteryPct)}`} style={{ width: `${car.batteryPct}%` }} /></View>
        <Text className="rental-battery-text">电量 {car.batteryPct}% · 续航约 {car.rangeKm} 公里</Text>
      </View>
      <Text className="item-line">停在「{car.stationName}」</Text>
      <Text className="item-line muted rental-car-plan">{car.plan.name}：{planTerms(car.plan).join('，')}</Text>
    </View>
  );
}

/** Official use: one of my approved tasks (一事一租) and a licence on file; personal use: paid per rental. */
function ReservePanel({ car, onClose, onReserved }: { car: RentalCar; onClose: () => void; onReserved: (r: Rental) => void }) {
  const [purpose, setPurpose] = useState<RentalPurpose>('personal');
  const [payWith, setPayWith] = useState<RentalPayWith>('payscore');
  const [trips, setTrips] = useState<TripListItem[] | null>(null);
  const [tripId, setTripId] = useState<number | null>(null);
  const [licence, setLicence] = useState<LicenceView | null | undefined>(undefined);
  const [draft, setDraft] = useState<LicenceInput>({ licenceNo: '', licenceClass: 'C1', expiresOn: '' });
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (purpose !== 'official' || trips) return;
    listTrips({ page: 1, pageSize: 50, status: 'approved', mine: true }).then((p) => setTrips(p.items)).catch(() => setTrips([]));
    fetchLicence().then(setLicence).catch(() => setLicence(null));
  }, [purpose, trips]);

  async function reserve(): Promise<void> {
    setFormError(null);
    if (purpose === 'official' && tripId == null) return setFormError('公务用车请先选择一项已审批的用车任务（一事一租）');
    setBusy(true);
    try {
      if (purpose === 'official' && !licence) {
        const parsed = licenceSchema.safeParse(draft);
        if (!parsed.success) {
          setFormError('请填写驾驶证号（6–32 位）、准驾车型和有效期（如 2030-05-01）');
          return;
        }
        setLicence(await saveLicence(parsed.data));
      }
      onReserved(await reserveCar({ carId: car.id, purpose, payWith: purpose === 'personal' ? payWith : 'wechat_pay', ...(purpose === 'official' ? { tripId: tripId! } : {}) }));
    } catch (e) {
      setFormError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className={`card rental-reserve rental-reserve-${car.id}`}>
      <View className="item-head">
        <Text className="card-title">预约 {formatPlate(car.plate)}</Text>
        <Text className="muted rental-reserve-close" onClick={onClose}>收起</Text>
      </View>
      <Text className="item-line">预约后车辆为您保留 15 分钟，请在此时间内到「{car.stationName}」开锁用车。</Text>
      <Text className="form-label">用车性质</Text>
      <ChoiceChips hook="purpose" value={purpose} onChange={(v) => { setPurpose(v); setFormError(null); }}
        options={[{ value: 'personal', label: '个人用车' }, { value: 'official', label: '公务用车' }]} />
      {purpose === 'personal' ? (
        <View className="rental-personal">
          <Text className="form-label">支付方式</Text>
          <ChoiceChips hook="pay-with" value={payWith} onChange={(v) => { setPayWith(v); setFormError(null); }}
            options={[{ value: 'payscore', label: '微信支付分免押' }, { value: 'wechat_pay', label: '押金或按次支付' }]} />
          <Text className="form-hint rental-personal-hint">{payWith === 'payscore'
            ? '无需缴纳 ¥500 押金，由微信支付分担保；还车后按计费方案自动扣款，取消或超时不收费。'
            : '还车后按计费方案以微信支付，不从押金中扣除。'}</Text>
        </View>
      ) : (
        <View className="rental-official">
          <Text className="form-label">用车任务（已审批）</Text>
          {!trips ? <Text className="muted">正在加载您已审批的任务…</Text> : null}
          {trips && !trips.length ? <Text className="form-hint rental-no-trips">您暂无已审批的用车任务。请先在「公务出行」提交用车申请并获审批。</Text> : null}
          {trips?.map((t) => (
            <View key={t.id} className={`pick-row rental-trip rental-trip-${t.id}${tripId === t.id ? ' is-active' : ''}`} onClick={() => setTripId(t.id)}>
              <View className="pick-main">
                <Text className="pick-title">{t.purpose}</Text>
                <Text className="pick-sub">{formatShanghai(t.startAt)} · {t.originName} → {t.destinationNames.join(' → ')}</Text>
              </View>
              <Text className="pick-mark">{tripId === t.id ? '已选' : ''}</Text>
            </View>
          ))}
          {licence === null ? (
            <View className="rental-licence">
              <Text className="form-label">驾驶证（公务自驾须登记）</Text>
              <Input className="form-input input-licence-no" value={draft.licenceNo} placeholder="驾驶证号" placeholderClass="form-placeholder" onInput={(e) => setDraft({ ...draft, licenceNo: e.detail.value })} />
              <Input className="form-input input-licence-class" value={draft.licenceClass} placeholder="准驾车型，如 C1" placeholderClass="form-placeholder" onInput={(e) => setDraft({ ...draft, licenceClass: e.detail.value })} />
              <Input className="form-input input-licence-expires" value={draft.expiresOn} placeholder="有效期至，如 2030-05-01" placeholderClass="form-placeholder" onInput={(e) => setDraft({ ...draft, expiresOn: e.detail.value })} />
            </View>
          ) : licence ? <Text className="form-hint rental-licence-on-file">驾驶证 {licence.licenceNoMasked} · {licence.licenceClass} · 有效期至 {licence.expiresOn}</Text> : null}
        </View>
      )}
      {formError ? <View className="form-banner form-banner-error rental-reserve-error">{formError}</View> : null}
      <View className="action-bar">
        <View className="btn btn-ghost" onClick={onClose}>取消</View>
        <SubmitButton text="预约此车" busyText="正在预约…" busy={busy} onClick={() => void reserve()} hook="rental-reserve-submit" />
      </View>
    </View>
  );
}
