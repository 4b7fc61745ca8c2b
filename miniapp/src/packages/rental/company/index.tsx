import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidHide, useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View, Text, Input, Textarea, Image } from '@tarojs/components';
import {
  carSideLabel, carStatusLabel, claimStatusLabel, createPlanSchema, createStationSchema, handoverStageLabel, rentalPurposeLabel, rentalStatusLabel,
  type DamageClaim, type FaultReport, type HandoverPhoto, type PricePlan, type Rental, type RentalCar, type Station,
} from '@shared/rental/rental.schemas';
import {
  closeCompanyRental, createClaim, createPlan, createStation, decideFault, fetchCompanyCars, fetchCompanyClaims, fetchCompanyFaults, fetchCompanyPlans,
  fetchCompanyRentals, fetchCompanyStations, fetchHandover, updateCompanyCar,
} from '../../../services/rental.api';
import { absoluteUrl } from '../../../services/http';
import { photoState } from '../handover';
import { requireSession } from '../../../services/session.store';
import { Loading } from '../../../components/loading';
import { Empty } from '../../../components/empty';
import { ErrorBlock, errorMessage } from '../../../components/error-block';
import { StatusChip } from '../../../components/status-chip';
import { ChoiceChips, InputField, SubmitButton } from '../../../components/form-field';
import { formatPlate, formatShanghai, formatYuan } from '../../../utils/format';
import { batteryTone, carStatusTone, formatMinutes, planTerms, rentalStatusTone } from '../rental-display';
import { RentalPlot } from '../rental-plot';
import '../../../components/work.css';
import '../rental.css';

type Tab = 'fleet' | 'rentals' | 'faults' | 'stations' | 'plans';
const tabLabel: Record<Tab, string> = { fleet: '实时车队', rentals: '租车订单', faults: '故障报告', stations: '网点围栏', plans: '计费方案' };
const FLEET_REFRESH_MS = 10_000;

interface Data { cars: RentalCar[]; stations: Station[]; plans: PricePlan[]; rentals: Rental[]; faults: FaultReport[] }

/**
 * 租赁企业 · 分时租赁运营 (JOURNEYS.md rental company operator): the live fleet (battery and where
 * from telemetry, online or not), the rentals (close one whose car went offline), fault reports
 * (end without charge or reject), stations with their fences, price plans.
 */
export default function RentalCompanyPage() {
  const [tab, setTab] = useState<Tab>('fleet');
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [shown, setShown] = useState(true);

  const load = useCallback(async () => {
    try {
      const [cars, stations, plans, rentals, faults] = await Promise.all([
        fetchCompanyCars(), fetchCompanyStations(), fetchCompanyPlans(), fetchCompanyRentals(), fetchCompanyFaults(),
      ]);
      setData({ cars, stations, plans, rentals, faults });
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);

  useDidShow(() => { setShown(true); if (requireSession()) void load(); });
  useDidHide(() => setShown(false));
  usePullDownRefresh(() => { void load().finally(() => Taro.stopPullDownRefresh()); });
  useEffect(() => {
    if (!shown || tab !== 'fleet') return undefined;
    const timer = setInterval(() => void load(), FLEET_REFRESH_MS);
    return () => clearInterval(timer);
  }, [shown, tab, load]);

  const openFaults = data?.faults.filter((f) => f.status === 'open').length ?? 0;
  const running = data?.rentals.filter((r) => r.status === 'in_rental').length ?? 0;

  return (
    <View className="page rental-company-page">
      <View className="work-header">
        <View>
          <Text className="work-header-title">分时租赁运营</Text>
          <Text className="work-header-sub rental-company-summary">
            {data ? `车辆 ${data.cars.length} 辆 · 可租 ${data.cars.filter((c) => c.status === 'available').length} · 用车中 ${running} · 待处理故障 ${openFaults}` : '正在加载…'}
          </Text>
        </View>
      </View>
      <View className="tabs">
        {(Object.keys(tabLabel) as Tab[]).map((t) => (
          <View key={t} className={`tab company-tab-${t}${t === tab ? ' is-active' : ''}`} onClick={() => setTab(t)}>
            {tabLabel[t]}{t === 'faults' && openFaults ? `（${openFaults}）` : ''}
          </View>
        ))}
      </View>
      {error && !data ? <ErrorBlock error={error} onRetry={() => void load()} /> : null}
      {!data && !error ? <Loading /> : null}
      {data && tab === 'fleet' ? <FleetTab data={data} reload={load} /> : null}
      {data && tab === 'rentals' ? <RentalsTab rentals={data.rentals} reload={load} /> : null}
      {data && tab === 'faults' ? <FaultsTab faults={data.faults} reload={load} /> : null}
      {data && tab === 'stations' ? <StationsTab stations={data.stations} reload={load} /> : null}
      {data && tab === 'plans' ? <PlansTab plans={data.plans} reload={load} /> : null}
    </View>
  );
}

function FleetTab({ data, reload }: { data: Data; reload: () => Promise<void> }) {
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);

  async function toggle(c: RentalCar): Promise<void> {
    setBusyId(c.id);
    try {
      await updateCompanyCar(c.id, { status: c.status === 'maintenance' ? 'available' : 'maintenance' });
      void Taro.showToast({ title: c.status === 'maintenance' ? '已上架' : '已转维护', icon: 'success' });
      await reload();
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none', duration: 2500 });
    } finally {
      setBusyId(null);
    }
  }

  if (!data.cars.length) return <Empty title="还没有分时租赁车辆" hint="带车载终端的新能源车加入分时租赁后显示在这里" />;
  return (
    <View className="company-fleet">
      <RentalPlot cars={data.cars} stations={data.stations} me={null} selectedId={selectedId} onSelect={setSelectedId} greyOffline />
      <View className="fleet-legend">
        <Text className="legend-dot is-online" /><Text className="legend-text">可租</Text>
        <Text className="legend-dot is-busy" /><Text className="legend-text">预约/用车中</Text>
        <Text className="legend-dot is-offline" /><Text className="legend-text">维护或离线</Text>
      </View>
      {data.cars.map((c) => (
        <View key={c.id} className={`item-card company-car company-car-${c.id}${c.id === selectedId ? ' is-selected' : ''}`} onClick={() => setSelectedId(c.id)}>
          <View className="item-head">
            <Text className="item-title">{formatPlate(c.plate)} <Text className="muted">{c.model}</Text></Text>
            <View className="fleet-chips">
              <StatusChip label={carStatusLabel[c.status]} tone={carStatusTone[c.status]} hook={`company-car-status-${c.status}`} />
              <Text className={`status-chip ${c.online ? 'tone-green' : 'tone-grey'} company-car-online`}>{c.online ? '在线' : '离线'}</Text>
            </View>
          </View>
          <View className="rental-battery">
            <View className="rental-battery-bar"><View className={`rental-battery-fill tone-${batteryTone(c.batteryPct)}`} style={{ width: `${c.batteryPct}%` }} /></View>
            <Text className="rental-battery-text">电量 {c.batteryPct}% · 续航约 {c.rangeKm} 公里</Text>
          </View>
          <Text className="item-line">网点「{c.stationName}」 · {c.plan.name}</Text>
          {c.position ? <Text className="item-line muted">{c.online ? '位置' : '离线，最后已知位置'} 北纬 {c.position.lat.toFixed(5)}° 东经 {c.position.lng.toFixed(5)}°</Text> : <Text className="item-line muted">终端尚未上报位置</Text>}
          {c.status === 'available' || c.status === 'maintenance' ? (
            <View className="item-actions">
              <SubmitButton text={c.status === 'maintenance' ? '维护完成，上架' : '下架维护'} kind="ghost" busy={busyId === c.id} onClick={() => void toggle(c)} hook={`company-car-toggle company-car-toggle-${c.id}`} />
            </View>
          ) : null}
        </View>
      ))}
    </View>
  );
}

function RentalsTab({ rentals, reload }: { rentals: Rental[]; reload: () => Promise<void> }) {
  const [closing, setClosing] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  async function close(id: number): Promise<void> {
    setBusy(true);
    setFormError(null);
    try {
      await closeCompanyRental(id, note.trim());
      void Taro.showToast({ title: '订单已结束', icon: 'success' });
      setClosing(null);
      await reload();
    } catch (e) {
      setFormError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  if (!rentals.length) return <Empty title="暂无租车订单" hint="用户预约本企业车辆后显示在这里" />;
  return (
    <View className="company-rentals">
      {rentals.map((r) => (
        <View key={r.id} className={`item-card company-rental company-rental-${r.id}`}>
          <View className="item-head">
            <Text className="item-title">{formatPlate(r.car.plate)} · {r.userName}</Text>
            <StatusChip label={rentalStatusLabel[r.status]} tone={rentalStatusTone[r.status]} />
          </View>
          <Text className="item-line">{rentalPurposeLabel[r.purpose]} · 订单 {r.id} · {formatShanghai(r.startedAt ?? r.reservedAt)}</Text>
          {r.price ? (
            <Text className="item-line item-line-strong">
              {formatMinutes(r.price.minutes)} · {r.price.km} 公里 · {formatYuan(r.price.totalFen)}{r.status === 'in_rental' ? '（计费中）' : ''}
            </Text>
          ) : null}
          {r.note ? <Text className="item-line muted">{r.note}</Text> : null}
          {r.status === 'returned' || r.status === 'closed' ? <ClaimPanel rental={r} /> : null}
          {r.status === 'in_rental' && closing !== r.id ? (
            <View className="item-actions">
              <View className="btn btn-ghost company-rental-close" onClick={() => { setClosing(r.id); setNote(''); setFormError(null); }}>结束订单</View>
            </View>
          ) : null}
          {closing === r.id ? (
            <View className="company-close-form">
              <Text className="form-hint">车辆离线或无法在网点还车时，由企业按计费方案结束订单。</Text>
              <Textarea className="form-textarea input-close-note" value={note} maxlength={200} placeholder="说明，如：车辆离线，已在网点找回" placeholderClass="form-placeholder" onInput={(e) => setNote(e.detail.value)} />
              {formError ? <View className="form-banner form-banner-error">{formError}</View> : null}
              <View className="item-actions">
                <View className="btn btn-ghost" onClick={() => setClosing(null)}>取消</View>
                <SubmitButton text="确认结束" kind="danger" busy={busy} onClick={() => void close(r.id)} hook="company-close-submit" />
              </View>
            </View>
          ) : null}
        </View>
      ))}
    </View>
  );
}

function FaultsTab({ faults, reload }: { faults: FaultReport[]; reload: () => Promise<void> }) {
  const [comment, setComment] = useState<Record<number, string>>({});
  const [busy, setBusy] = useState<number | null>(null);
  const [formError, setFormError] = useState<{ id: number; message: string } | null>(null);
  const statusText: Record<FaultReport['status'], string> = { open: '待处理', ended_without_charge: '已免费结束', rejected: '已驳回' };

  async function decide(f: FaultReport, endWithoutCharge: boolean): Promise<void> {
    setBusy(f.id);
    setFormError(null);
    try {
      await decideFault(f.id, endWithoutCharge, (comment[f.id] ?? '').trim());
      void Taro.showToast({ title: endWithoutCharge ? '已免费结束订单' : '已驳回', icon: 'success' });
      await reload();
    } catch (e) {
      setFormError({ id: f.id, message: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  }

  if (!faults.length) return <Empty title="暂无故障报告" hint="用户在用车中报告的故障或车损显示在这里" />;
  return (
    <View className="company-faults">
      {faults.map((f) => (
        <View key={f.id} className={`item-card company-fault company-fault-${f.id} fault-status-${f.status}`}>
          <View className="item-head">
            <Text className="item-title">{formatPlate(f.plate)} · {f.userName}</Text>
            <Text className={`status-chip ${f.status === 'open' ? 'tone-orange' : 'tone-grey'}`}>{statusText[f.status]}</Text>
          </View>
          <Text className="item-line">订单 {f.rentalId} · {formatShanghai(f.createdAt)}</Text>
          <Text className="item-line item-line-strong">{f.description}</Text>
          {f.photos.length ? <Text className="item-line muted">附照片 {f.photos.length} 张</Text> : null}
          {f.comment ? <Text className="item-line muted">处理意见：{f.comment}</Text> : null}
          {f.status === 'open' ? (
            <View>
              <Input className="form-input input-fault-comment" value={comment[f.id] ?? ''} placeholder="处理意见（选填）" placeholderClass="form-placeholder"
                onInput={(e) => setComment({ ...comment, [f.id]: e.detail.value })} />
              {formError?.id === f.id ? <View className="form-banner form-banner-error">{formError.message}</View> : null}
              <View className="item-actions">
                <SubmitButton text="驳回" kind="ghost" busy={busy === f.id} onClick={() => void decide(f, false)} hook="company-fault-reject" />
                <SubmitButton text="免费结束订单" kind="primary" busy={busy === f.id} onClick={() => void decide(f, true)} hook="company-fault-end" />
              </View>
            </View>
          ) : null}
        </View>
      ))}
    </View>
  );
}

function StationsTab({ stations, reload }: { stations: Station[]; reload: () => Promise<void> }) {
  const [adding, setAdding] = useState(false);
  const [form, setForm] = useState({ name: '', address: '', lat: '', lng: '', radiusM: '150' });
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  async function submit(): Promise<void> {
    const lat = Number(form.lat);
    const lng = Number(form.lng);
    const parsed = createStationSchema.safeParse({
      name: form.name, address: form.address, location: { lat, lng }, fence: { kind: 'circle', center: { lat, lng }, radiusM: Number(form.radiusM) },
    });
    if (!parsed.success || !form.lat.trim() || !form.lng.trim()) {
      setFormError('请填写网点名称、纬度（-90–90）、经度（-180–180）和还车半径（10–5000 米，整数）');
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      await createStation(parsed.data);
      void Taro.showToast({ title: '网点已添加', icon: 'success' });
      setAdding(false);
      setForm({ name: '', address: '', lat: '', lng: '', radiusM: '150' });
      await reload();
    } catch (e) {
      setFormError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="company-stations">
      <RentalPlot cars={[]} stations={stations} me={null} selectedId={null} onSelect={() => undefined} />
      {stations.map((s) => (
        <View key={s.id} className={`item-card company-station company-station-${s.id}`}>
          <View className="item-head">
            <Text className="item-title">{s.name}</Text>
            <Text className="status-chip tone-green">可租 {s.carsAvailable}</Text>
          </View>
          {s.address ? <Text className="item-line">{s.address}</Text> : null}
          <Text className="item-line muted">
            {s.fence.kind === 'circle' ? `还车范围：以网点为圆心半径 ${s.fence.radiusM} 米` : `还车范围：${s.fence.points.length} 个顶点的多边形`}{s.acceptsReturns ? '' : ' · 不接受还车'}
          </Text>
        </View>
      ))}
      {adding ? (
        <View className="card company-station-form">
          <Text className="card-title">新建网点（圆形还车范围）</Text>
          <InputField label="网点名称" hook="station-name" required value={form.name} onChange={(v) => setForm({ ...form, name: v })} placeholder="如 省政府东门停车场" />
          <InputField label="地址" hook="station-address" value={form.address} onChange={(v) => setForm({ ...form, address: v })} />
          <InputField label="纬度" hook="station-lat" type="digit" required value={form.lat} onChange={(v) => setForm({ ...form, lat: v })} placeholder="如 38.04510" hint="卫星定位坐标（WGS-84）" />
          <InputField label="经度" hook="station-lng" type="digit" required value={form.lng} onChange={(v) => setForm({ ...form, lng: v })} placeholder="如 114.50760" />
          <InputField label="还车半径" hook="station-radius" type="number" required unit="米" value={form.radiusM} onChange={(v) => setForm({ ...form, radiusM: v })} />
          {formError ? <View className="form-banner form-banner-error company-station-error">{formError}</View> : null}
          <View className="item-actions">
            <View className="btn btn-ghost" onClick={() => setAdding(false)}>取消</View>
            <SubmitButton text="保存网点" busy={busy} onClick={() => void submit()} hook="company-station-submit" />
          </View>
        </View>
      ) : (
        <View className="form-actions"><View className="btn btn-primary company-station-add" onClick={() => setAdding(true)}>新建网点</View></View>
      )}
    </View>
  );
}

const toFen = (text: string): number | null => (text.trim() === '' ? null : Math.round(Number(text) * 100));

function PlansTab({ plans, reload }: { plans: PricePlan[]; reload: () => Promise<void> }) {
  const [adding, setAdding] = useState(false);
  const [form, setForm] = useState({ name: '', timeUnit: 'minute' as 'minute' | 'hour', day: '0.50', night: '', perKm: '0.80', cap: '83.00', min: '' });
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  async function submit(): Promise<void> {
    const parsed = createPlanSchema.safeParse({
      name: form.name, timeUnit: form.timeUnit, dayRateFen: toFen(form.day), nightRateFen: toFen(form.night), perKmFen: toFen(form.perKm) ?? 0,
      dailyCapFen: toFen(form.cap), minChargeFen: toFen(form.min) ?? 0,
    });
    if (!parsed.success) {
      setFormError('请填写方案名称和日间单价；金额以元填写，不能为负');
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      await createPlan(parsed.data);
      void Taro.showToast({ title: '方案已添加', icon: 'success' });
      setAdding(false);
      await reload();
    } catch (e) {
      setFormError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="company-plans">
      {plans.map((p) => (
        <View key={p.id} className={`item-card company-plan company-plan-${p.id}`}>
          <Text className="item-title">{p.name}</Text>
          {planTerms(p).map((line) => <Text key={line} className="item-line">{line}</Text>)}
        </View>
      ))}
      {adding ? (
        <View className="card company-plan-form">
          <Text className="card-title">新建计费方案</Text>
          <InputField label="方案名称" hook="plan-name" required value={form.name} onChange={(v) => setForm({ ...form, name: v })} placeholder="如 周末优惠" />
          <Text className="form-label">计时单位</Text>
          <ChoiceChips hook="plan-unit" value={form.timeUnit} onChange={(v) => setForm({ ...form, timeUnit: v })} options={[{ value: 'minute', label: '按分钟' }, { value: 'hour', label: '按小时' }]} />
          <InputField label="日间单价" hook="plan-day" type="digit" required unit={`元/${form.timeUnit === 'minute' ? '分钟' : '小时'}`} value={form.day} onChange={(v) => setForm({ ...form, day: v })} />
          <InputField label="夜间单价（22:00–06:00）" hook="plan-night" type="digit" unit="元" value={form.night} onChange={(v) => setForm({ ...form, night: v })} hint="不填则全天按日间单价" />
          <InputField label="里程单价" hook="plan-km" type="digit" unit="元/公里" value={form.perKm} onChange={(v) => setForm({ ...form, perKm: v })} />
          <InputField label="每 24 小时封顶" hook="plan-cap" type="digit" unit="元" value={form.cap} onChange={(v) => setForm({ ...form, cap: v })} hint="时长费封顶，不含里程费；不填则不封顶" />
          <InputField label="最低消费" hook="plan-min" type="digit" unit="元" value={form.min} onChange={(v) => setForm({ ...form, min: v })} />
          {formError ? <View className="form-banner form-banner-error company-plan-error">{formError}</View> : null}
          <View className="item-actions">
            <View className="btn btn-ghost" onClick={() => setAdding(false)}>取消</View>
            <SubmitButton text="保存方案" busy={busy} onClick={() => void submit()} hook="company-plan-submit" />
          </View>
        </View>
      ) : (
        <View className="form-actions"><View className="btn btn-primary company-plan-add" onClick={() => setAdding(true)}>新建计费方案</View></View>
      )}
      <Text className="form-hint company-plan-note">{plans.length ? `共 ${plans.length} 个方案；车辆使用的方案在「实时车队」中显示。` : ''}</Text>
    </View>
  );
}

/**
 * 车损索赔 of an ended rental (#21): the operator points at the rental's handover photos, lists the
 * items and amounts; the renter may appeal within the window before anything is charged.
 */
function ClaimPanel({ rental }: { rental: Rental }) {
  const [open, setOpen] = useState(false);
  const [photos, setPhotos] = useState<HandoverPhoto[] | null>(null);
  const [claims, setClaims] = useState<DamageClaim[]>([]);
  const [picked, setPicked] = useState<number[]>([]);
  const [description, setDescription] = useState('');
  const [item, setItem] = useState('');
  const [yuan, setYuan] = useState('');
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const loadClaims = useCallback(async () => {
    setClaims((await fetchCompanyClaims().catch(() => [])).filter((c) => c.rentalId === rental.id));
  }, [rental.id]);
  useEffect(() => { void loadClaims(); }, [loadClaims]);

  async function start(): Promise<void> {
    setOpen(true);
    setFormError(null);
    setPhotos((await fetchHandover(rental.id).catch(() => null))?.photos ?? []);
  }

  async function submit(): Promise<void> {
    const amountFen = Math.round(Number(yuan) * 100);
    if (!picked.length) return setFormError('请选择作为证据的交接车照片');
    if (description.trim().length < 2) return setFormError('请说明车损情况');
    if (!item.trim() || !Number.isFinite(amountFen) || amountFen <= 0) return setFormError('请填写损失项目和金额（元）');
    setBusy(true);
    setFormError(null);
    try {
      await createClaim(rental.id, { description: description.trim(), evidenceIds: picked, items: [{ name: item.trim(), amountFen }] });
      void Taro.showToast({ title: '已提出索赔', icon: 'success' });
      setOpen(false);
      await loadClaims();
    } catch (e) {
      setFormError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className={`company-claims company-claims-${rental.id}`}>
      {claims.map((c) => (
        <Text key={c.id} className={`item-line company-claim company-claim-${c.id}`}>车损索赔 {formatYuan(c.amountFen)} · {claimStatusLabel[c.status]}{c.status === 'open' ? `（申诉期至 ${formatShanghai(c.appealDeadline)}）` : ''}</Text>
      ))}
      {!open ? (
        <View className="item-actions"><View className="btn btn-ghost company-claim-open" onClick={() => void start()}>车损索赔</View></View>
      ) : (
        <View className="company-claim-form">
          <Text className="form-label">选择证据照片（本订单的交接车照片）</Text>
          {photos && !photos.length ? <Text className="form-hint company-claim-no-photos">本订单没有交接车照片，无法提出车损索赔。</Text> : null}
          <View className="handover-grid">
            {photos?.map((p) => (
              <View key={p.id} className={`handover-tile has-photo company-claim-photo company-claim-photo-${p.stage}-${p.side}${picked.includes(p.id) ? ' is-picked' : ''}`}
                onClick={() => setPicked(picked.includes(p.id) ? picked.filter((x) => x !== p.id) : [...picked, p.id])}>
                <Image className="handover-thumb" src={absoluteUrl(p.url)} mode="aspectFill" />
                <Text className="handover-side">{picked.includes(p.id) ? '✓ ' : ''}{handoverStageLabel[p.stage]} · {carSideLabel[p.side]}</Text>
                <Text className="handover-state">{photoState(p)}</Text>
              </View>
            ))}
          </View>
          <Textarea className="form-textarea input-claim-description" value={description} maxlength={500} placeholder="车损情况，如：右后门新增划痕约 15 厘米" placeholderClass="form-placeholder" onInput={(e) => setDescription(e.detail.value)} />
          <Input className="form-input input-claim-item" value={item} placeholder="损失项目，如：右后门钣金喷漆" placeholderClass="form-placeholder" onInput={(e) => setItem(e.detail.value)} />
          <Input className="form-input input-claim-amount" type="digit" value={yuan} placeholder="金额（元）" placeholderClass="form-placeholder" onInput={(e) => setYuan(e.detail.value)} />
          <Text className="form-hint">用户可在申诉期内申诉，期满未申诉才计费；申诉由平台裁决。</Text>
          {formError ? <View className="form-banner form-banner-error company-claim-error">{formError}</View> : null}
          <View className="item-actions">
            <View className="btn btn-ghost" onClick={() => setOpen(false)}>取消</View>
            <SubmitButton text="提出索赔" busy={busy} onClick={() => void submit()} hook="company-claim-submit" />
          </View>
        </View>
      )}
    </View>
  );
}
