import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View, Text, Textarea } from '@tarojs/components';
import { refuseSchema, type Reservation } from '@shared/reservations/reservations.schemas';
import { confirmReservation, fetchInventory, fetchReservations, refuseReservation, type Inventory } from '../../../services/reservations.api';
import { requireSession } from '../../../services/session.store';
import { Loading } from '../../../components/loading';
import { Empty } from '../../../components/empty';
import { ErrorBlock } from '../../../components/error-block';
import { MessageBell } from '../../../components/message-bell';
import { SubmitButton } from '../../../components/form-field';
import { fieldErrors } from '../../../utils/trip-display';
import { ReservationCard } from '../reservation-card';
import { InventoryPanel } from '../inventory-panel';
import '../../../components/work.css';
import '../reservations.css';

type Tab = 'new' | 'done' | 'inventory';
const tabLabel: Record<Tab, string> = { new: '待确认', done: '已处理', inventory: '库存' };

/** 商家 (hotel, restaurant, ticket agent): bookings addressed to us → confirm (tickets: issue) or refuse with a reason; our inventory. */
export default function SupplierOrdersPage() {
  const [tab, setTab] = useState<Tab>('new');
  const [list, setList] = useState<Reservation[] | null>(null);
  const [inventory, setInventory] = useState<Inventory | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [refusing, setRefusing] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const [l, inv] = await Promise.all([fetchReservations('supplier'), fetchInventory()]);
      setList(l);
      setInventory(inv);
    } catch (e) {
      setError(e);
    }
  }, []);

  useDidShow(() => { if (requireSession()) void load(); });
  usePullDownRefresh(() => { void load().finally(() => Taro.stopPullDownRefresh()); });

  async function confirm(r: Reservation): Promise<void> {
    setBusy(`confirm-${r.id}`);
    try {
      const done = await confirmReservation(r.id);
      void Taro.showToast({ title: done.status === 'confirmed' ? (r.kind === 'ticket' ? '已出票' : '已确认') : done.statusLabel, icon: done.status === 'confirmed' ? 'success' : 'none' });
      await load();
    } catch {
      // The server's message was shown by the http client.
    } finally {
      setBusy(null);
    }
  }

  async function refuse(id: number): Promise<void> {
    const parsed = refuseSchema.safeParse({ reason });
    if (!parsed.success) return setFormError(fieldErrors(parsed.error.issues).reason ?? '请填写拒绝原因');
    setFormError(null);
    setBusy(`refuse-${id}`);
    try {
      await refuseReservation(id, parsed.data.reason);
      void Taro.showToast({ title: '已拒绝', icon: 'success' });
      setRefusing(null);
      await load();
    } catch {
      // Shown by the http client.
    } finally {
      setBusy(null);
    }
  }

  const isNew = (r: Reservation) => r.status === 'awaiting_supplier';
  const shown = (list ?? []).filter((r) => (tab === 'new' ? isNew(r) : !isNew(r)));
  const newCount = (list ?? []).filter(isNew).length;
  const confirmText = (r: Reservation) => (r.kind === 'ticket' ? '确认出票' : '确认预订');

  return (
    <View className="page page-with-bar rsv-supplier-page">
      <View className="work-header">
        <View>
          <Text className="work-header-title">预订订单</Text>
          <Text className="work-header-sub">公务出行人发来的酒店、用餐、票务预订</Text>
        </View>
        <MessageBell light />
      </View>
      <View className="tabs">
        {(['new', 'done', 'inventory'] as const).map((t) => (
          <View key={t} className={`tab rsv-supplier-tab-${t}${t === tab ? ' is-active' : ''}`} onClick={() => setTab(t)}>
            {tabLabel[t]}{t === 'new' && newCount ? `（${newCount}）` : ''}
          </View>
        ))}
      </View>
      {error && !list ? <ErrorBlock error={error} onRetry={() => void load()} /> : null}
      {!list && !error ? <Loading /> : null}
      {tab === 'inventory' && inventory ? <InventoryPanel inventory={inventory} onChange={setInventory} /> : null}
      {tab !== 'inventory' && list && !shown.length ? (
        <Empty title={tab === 'new' ? '暂无待确认预订' : '暂无已处理预订'} hint={tab === 'new' ? '出行人提交的预订会出现在这里并通知您' : '下拉可刷新'} />
      ) : null}
      {tab !== 'inventory' ? shown.map((r) => (
        <ReservationCard key={r.id} r={r} who="supplier">
          {isNew(r) && refusing !== r.id ? (
            <View className="item-actions">
              <View className="btn btn-danger rsv-refuse" onClick={() => { setRefusing(r.id); setReason(''); setFormError(null); }}>拒绝</View>
              <SubmitButton text={confirmText(r)} busyText={r.kind === 'ticket' ? '出票中…' : '确认中…'} busy={busy === `confirm-${r.id}`} onClick={() => void confirm(r)} hook="rsv-confirm" />
            </View>
          ) : null}
          {refusing === r.id ? (
            <View className="rsv-refuse-form">
              <Textarea className="form-textarea input-refuse-reason" value={reason} maxlength={200} placeholder="拒绝原因，如：该日房间已满" placeholderClass="form-placeholder" onInput={(e) => setReason(e.detail.value)} />
              {formError ? <Text className="form-error rsv-refuse-error">{formError}</Text> : null}
              <View className="item-actions">
                <View className="btn btn-ghost rsv-refuse-back" onClick={() => setRefusing(null)}>返回</View>
                <SubmitButton text="确认拒绝" busy={busy === `refuse-${r.id}`} onClick={() => void refuse(r.id)} hook="rsv-refuse-submit" kind="danger" />
              </View>
            </View>
          ) : null}
        </ReservationCard>
      )) : null}
    </View>
  );
}
