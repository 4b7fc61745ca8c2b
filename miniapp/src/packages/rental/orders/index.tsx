import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View, Text, Textarea } from '@tarojs/components';
import type { RentalOrder } from '@shared/trips/dispatch.schemas';
import type { Driver, Vehicle } from '@shared/fleet/fleet.schemas';
import { reasonSchema } from '@shared/trips/trips.schemas';
import {
  acceptRentalOrder, declineRentalOrder, fetchCompanyDrivers, fetchCompanyVehicles, fetchRentalOrders,
} from '../../../services/dispatch.api';
import { requireSession } from '../../../services/session.store';
import { Loading } from '../../../components/loading';
import { Empty } from '../../../components/empty';
import { ErrorBlock } from '../../../components/error-block';
import { StatusChip } from '../../../components/status-chip';
import { MessageBell } from '../../../components/message-bell';
import { SubmitButton } from '../../../components/form-field';
import { formatPlate, formatShanghai, formatYuan } from '../../../utils/format';
import { assignmentStatusTone, fieldErrors, formatWindow } from '../../../utils/trip-display';
import '../../../components/work.css';
import './index.css';

/** 租赁企业: orders addressed to us → accept with our car and driver (or decline) → fulfilment. */
type Tab = 'new' | 'running' | 'done';
const tabOf = (o: RentalOrder): Tab => (o.status === 'awaiting_company' ? 'new' : o.status === 'returned' ? 'done' : 'running');
const tabLabel: Record<Tab, string> = { new: '待接单', running: '履约中', done: '已完成' };

export default function RentalOrdersPage() {
  const [orders, setOrders] = useState<RentalOrder[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tab, setTab] = useState<Tab>('new');
  const [open, setOpen] = useState<{ id: number; kind: 'accept' | 'decline' } | null>(null);
  const [vehicles, setVehicles] = useState<Vehicle[]>([]);
  const [drivers, setDrivers] = useState<Driver[]>([]);
  const [vehicleId, setVehicleId] = useState<number | null>(null);
  const [driverId, setDriverId] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    setError(null);
    try {
      setOrders(await fetchRentalOrders());
    } catch (e) {
      setError(e);
    }
  }, []);

  useDidShow(() => { if (requireSession()) void load(); });
  usePullDownRefresh(() => { void load().finally(() => Taro.stopPullDownRefresh()); });

  function start(id: number, kind: 'accept' | 'decline'): void {
    setOpen({ id, kind });
    setFormError(null);
    setVehicleId(null);
    setDriverId(null);
    setReason('');
    if (kind === 'accept' && !vehicles.length) {
      fetchCompanyVehicles().then(setVehicles).catch((e: unknown) => setFormError(e instanceof Error ? e.message : '车辆加载失败'));
      fetchCompanyDrivers().then(setDrivers).catch(() => setDrivers([]));
    }
  }

  async function submit(): Promise<void> {
    if (!open) return;
    if (open.kind === 'accept' && (vehicleId == null || driverId == null)) return setFormError('请选择派出的车辆和驾驶员');
    if (open.kind === 'decline') {
      const parsed = reasonSchema.safeParse({ reason });
      if (!parsed.success) return setFormError(fieldErrors(parsed.error.issues).reason ?? '请说明原因');
    }
    setFormError(null);
    setBusy(true);
    try {
      if (open.kind === 'accept') await acceptRentalOrder(open.id, { vehicleId: vehicleId!, driverId: driverId! });
      else await declineRentalOrder(open.id, reason.trim());
      void Taro.showToast({ title: open.kind === 'accept' ? '已接单派车' : '已拒单', icon: 'success' });
      setOpen(null);
      await load();
    } catch {
      // The server's message was shown by the http client.
    } finally {
      setBusy(false);
    }
  }

  const shown = (orders ?? []).filter((o) => tabOf(o) === tab);
  const count = (t: Tab) => (orders ?? []).filter((o) => tabOf(o) === t).length;

  return (
    <View className="page page-with-bar rental-orders-page">
      <View className="work-header">
        <View>
          <Text className="work-header-title">租赁订单</Text>
          <Text className="work-header-sub">公务用车单位发来的用车订单</Text>
        </View>
        <MessageBell light />
      </View>
      <View className="tabs">
        {(['new', 'running', 'done'] as const).map((t) => (
          <View key={t} className={`tab rental-tab-${t}${t === tab ? ' is-active' : ''}`} onClick={() => setTab(t)}>
            {tabLabel[t]}{orders && count(t) ? `（${count(t)}）` : ''}
          </View>
        ))}
      </View>
      {error && !orders ? <ErrorBlock error={error} onRetry={() => void load()} /> : null}
      {!orders && !error ? <Loading /> : null}
      {orders && !shown.length ? <Empty title={`暂无${tabLabel[tab]}订单`} hint={tab === 'new' ? '调度员转来的订单会出现在这里并通知您' : '下拉可刷新'} /> : null}
      {shown.map((o) => (
        <View key={o.id} className={`item-card rental-order rental-order-${o.id} order-status-${o.status}`}>
          <View className="item-head">
            <Text className="item-title">{o.unitName || '用车单位'}</Text>
            <StatusChip label={o.statusLabel} tone={assignmentStatusTone[o.status]} hook="rental-order-status" />
          </View>
          <Text className="item-line">{formatWindow(o.startAt, o.endAt, formatShanghai)}</Text>
          <Text className="item-line item-line-strong">{o.originName} → {o.destinationNames.join(' → ')}</Text>
          <Text className="item-line">{o.purpose} · {o.passengers} 人 · 每车 {o.seatsWanted} 座 · 行程 {o.tripId}</Text>
          {o.plate ? (
            <View className="item-car">
              <Text className="item-car-plate">{formatPlate(o.plate)}</Text>
              <Text className="item-line item-line-strong">驾驶员 {o.driverName} {o.driverPhoneMasked ?? ''}</Text>
              {o.returnOdometerKm != null ? <Text className="item-line">行驶 {(o.returnOdometerKm - (o.departOdometerKm ?? o.returnOdometerKm)).toFixed(1)} km · 费用 {formatYuan(o.costFen)}</Text> : null}
            </View>
          ) : null}
          {o.status === 'awaiting_company' && open?.id !== o.id ? (
            <View className="item-actions">
              <View className="btn btn-danger rental-decline" onClick={() => start(o.id, 'decline')}>拒单</View>
              <View className="btn btn-primary rental-accept" onClick={() => start(o.id, 'accept')}>接单派车</View>
            </View>
          ) : null}
          {open?.id === o.id && open.kind === 'accept' ? (
            <View className="rental-accept-form">
              <Text className="card-title">派出车辆</Text>
              {vehicles.length ? vehicles.map((v) => (
                <View key={v.id} className={`pick-row rental-vehicle rental-vehicle-${v.id}${vehicleId === v.id ? ' is-active' : ''}`} onClick={() => setVehicleId(v.id)}>
                  <View className="pick-main">
                    <Text className="pick-title">{formatPlate(v.plate)} <Text className="muted">{v.brandModel}</Text></Text>
                    <Text className="pick-sub">{v.seats} 座</Text>
                  </View>
                  <Text className="pick-mark">{vehicleId === v.id ? '已选' : ''}</Text>
                </View>
              )) : <Text className="muted">正在加载本企业车辆…</Text>}
              <Text className="card-title rental-drivers-title">派出驾驶员</Text>
              {drivers.map((d) => (
                <View key={d.id} className={`pick-row rental-driver rental-driver-${d.id}${driverId === d.id ? ' is-active' : ''}`} onClick={() => setDriverId(d.id)}>
                  <View className="pick-main">
                    <Text className="pick-title">{d.name} <Text className="muted">{d.phoneMasked}</Text></Text>
                    <Text className="pick-sub">准驾 {d.licenceClass} · 有效期至 {d.licenceExpires}</Text>
                  </View>
                  <Text className="pick-mark">{driverId === d.id ? '已选' : ''}</Text>
                </View>
              ))}
            </View>
          ) : null}
          {open?.id === o.id && open.kind === 'decline' ? (
            <View className="rental-decline-form">
              <Textarea className="form-textarea input-decline-reason" value={reason} maxlength={200} placeholder="拒单原因，如：该时段无空闲车辆" placeholderClass="form-placeholder" onInput={(e) => setReason(e.detail.value)} />
            </View>
          ) : null}
          {open?.id === o.id && formError ? <View className="form-banner form-banner-error rental-error">{formError}</View> : null}
        </View>
      ))}
      {open ? (
        <View className="action-bar">
          <View className="btn btn-ghost rental-form-cancel" onClick={() => setOpen(null)}>取消</View>
          <SubmitButton text={open.kind === 'accept' ? '确认接单派车' : '确认拒单'} kind={open.kind === 'accept' ? 'primary' : 'danger'} busy={busy} onClick={() => void submit()} hook="rental-submit" />
        </View>
      ) : null}
    </View>
  );
}
