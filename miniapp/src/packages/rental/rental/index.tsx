import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidHide, useDidShow, useLoad, usePullDownRefresh } from '@tarojs/taro';
import { View, Text, Textarea } from '@tarojs/components';
import { jsapiPayParamsSchema } from '@shared/payments/payments.schemas';
import { paymentStateLabel, rentalPurposeLabel, rentalStatusLabel, type Rental } from '@shared/rental/rental.schemas';
import {
  cancelRental, fetchRental, lockRental, payRental, reportFault, returnRental, unlockRental,
} from '../../../services/rental.api';
import { payWithWechat, PaymentCancelled, syncPayment } from '../../../services/payments.api';
import { ApiError } from '../../../services/http';
import { requireSession } from '../../../services/session.store';
import { Loading } from '../../../components/loading';
import { ErrorBlock, errorMessage } from '../../../components/error-block';
import { InfoRow } from '../../../components/info-row';
import { StatusChip } from '../../../components/status-chip';
import { SubmitButton } from '../../../components/form-field';
import { formatPlate, formatShanghai, formatYuan } from '../../../utils/format';
import { clock, formatDistance, formatMinutes, planSummary, priceLines, rentalStatusTone } from '../rental-display';
import { ClaimsCard, HandoverCard } from '../handover';
import '../../../components/work.css';
import '../rental.css';

/** While reserved or in rental the page asks again this often (running price, km, an expiry). */
const REFRESH_MS = 5000;
const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Busy = null | 'unlock' | 'lock' | 'return' | 'cancel' | 'pay' | 'fault';
interface Refusal { action: 'unlock' | 'lock' | 'return' | 'cancel' | 'fault' | 'pay'; message: string; distanceM?: number | null; stationName?: string | null }

/**
 * One rental, from reservation to receipt (JOURNEYS.md civil servant 2): the hold's countdown → 开锁
 * (waits for the terminal's confirmation; a refusal says why, the reservation stays, retry) → in
 * rental: elapsed time, km and the running price, 锁车/开锁 for stops, 报告故障 → 还车 (a refusal
 * names the reason and the distance to the nearest station) → the receipt with the plan's breakdown,
 * paid with WeChat Pay (personal use) or on the unit's monthly statement (official use).
 */
export default function RentalPage() {
  const [id, setId] = useState<number | null>(null);
  const [rental, setRental] = useState<Rental | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [doors, setDoors] = useState<'unlocked' | 'locked' | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [faultOpen, setFaultOpen] = useState(false);
  const [faultText, setFaultText] = useState('');
  const [faultSent, setFaultSent] = useState(false);
  const visible = useRef(true);

  useLoad((params: Record<string, string | undefined>) => {
    if (!requireSession()) return;
    const n = Number(params.id);
    if (Number.isInteger(n) && n > 0) setId(n);
    else setError(new Error('缺少订单编号，请从「我的租车」进入'));
  });

  const load = useCallback(async () => {
    if (id == null) return;
    try {
      setRental(await fetchRental(id));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [id]);

  useEffect(() => { void load(); }, [load]);
  useDidShow(() => { visible.current = true; void load(); });
  useDidHide(() => { visible.current = false; });
  usePullDownRefresh(() => { void load().finally(() => Taro.stopPullDownRefresh()); });

  const live = rental?.status === 'reserved' || rental?.status === 'in_rental';
  useEffect(() => {
    if (!live) return undefined;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    const refresh = setInterval(() => { if (visible.current && !busy) void load(); }, REFRESH_MS);
    return () => { clearInterval(tick); clearInterval(refresh); };
  }, [live, load, busy]);

  async function act(action: Exclude<Busy, null | 'pay' | 'fault'>): Promise<void> {
    if (!rental || busy) return;
    if (action === 'cancel') {
      const answer = await Taro.showModal({ title: '取消预约', content: '取消后车辆将释放给其他人，不收取费用。确定取消？', confirmText: '取消预约', cancelText: '再想想' });
      if (!answer.confirm) return;
    }
    if (action === 'return') {
      const answer = await Taro.showModal({ title: '确认还车', content: '请确认车辆已停入网点、已熄火并锁好车门。', confirmText: '还车' });
      if (!answer.confirm) return;
    }
    setRefusal(null);
    setBusy(action);
    try {
      const run = { unlock: unlockRental, lock: lockRental, return: returnRental, cancel: cancelRental }[action];
      const next = await run(rental.id);
      setRental(next);
      if (action === 'unlock') setDoors('unlocked');
      if (action === 'lock') setDoors('locked');
      // A return shows its receipt at once: no toast over it.
      const toast = { unlock: rental.status === 'reserved' ? '已开锁，开始计费' : '已开锁', lock: '已锁车', return: null, cancel: '已取消预约' }[action];
      if (toast) void Taro.showToast({ title: toast, icon: 'success' });
    } catch (e) {
      const details = e instanceof ApiError && e.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : {};
      setRefusal({
        action, message: errorMessage(e),
        distanceM: typeof details.distanceM === 'number' ? details.distanceM : null,
        stationName: typeof details.stationName === 'string' ? details.stationName : null,
      });
      void load();
    } finally {
      setBusy(null);
    }
  }

  async function pay(): Promise<void> {
    if (!rental || busy) return;
    setRefusal(null);
    setBusy('pay');
    try {
      const start = await payRental(rental.id);
      setRental(start.rental);
      const params = jsapiPayParamsSchema.safeParse(start.payParams);
      await payWithWechat({ payParams: params.success ? params.data : null, fakeWechatPayBaseUrl: start.fakeWechatPayBaseUrl });
      // The notice may come a moment later: ask again, and after a few tries ask WeChat Pay directly.
      for (let i = 1; i <= 30; i += 1) {
        if (i >= 3 && start.outTradeNo) await syncPayment(start.outTradeNo).catch(() => undefined);
        const r = await fetchRental(rental.id).catch(() => null);
        if (r) setRental(r);
        if (r?.payment === 'paid') {
          void Taro.showToast({ title: '支付成功', icon: 'success' });
          return;
        }
        await wait(1000);
      }
      setRefusal({ action: 'pay', message: '暂未收到支付结果，请稍后下拉刷新查看' });
    } catch (e) {
      setRefusal({ action: 'pay', message: e instanceof PaymentCancelled ? '您已取消支付，订单尚未支付' : errorMessage(e) });
    } finally {
      setBusy(null);
    }
  }

  async function sendFault(): Promise<void> {
    if (!rental || busy) return;
    if (faultText.trim().length < 2) {
      setRefusal({ action: 'fault', message: '请描述故障或车损情况（至少 2 个字）' });
      return;
    }
    setRefusal(null);
    setBusy('fault');
    try {
      await reportFault(rental.id, faultText.trim());
      setFaultSent(true);
      setFaultOpen(false);
      void Taro.showToast({ title: '已报告租赁企业', icon: 'success' });
    } catch (e) {
      setRefusal({ action: 'fault', message: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  }

  if (error && !rental) return <View className="page"><ErrorBlock error={error} onRetry={() => void load()} /></View>;
  if (!rental) return <View className="page"><Loading /></View>;

  const r = rental;
  const remaining = Date.parse(r.holdUntil) - now;
  const elapsed = r.startedAt ? (r.endedAt ? Date.parse(r.endedAt) : now) - Date.parse(r.startedAt) : 0;
  const ended = r.status === 'returned' || r.status === 'closed';

  return (
    <View className={`page page-with-bar rental-page rental-${r.id} rental-status-${r.status}`}>
      <View className="work-header">
        <View>
          <Text className="work-header-title">{formatPlate(r.car.plate)}</Text>
          <Text className="work-header-sub">{r.car.model} · 电量 {r.car.batteryPct}% · {rentalPurposeLabel[r.purpose]}{r.tripId ? ` · 任务 ${r.tripId}` : ''}{r.payWith === 'payscore' ? ' · 微信支付分免押' : ''}</Text>
        </View>
        <StatusChip label={rentalStatusLabel[r.status]} tone={rentalStatusTone[r.status]} hook="rental-status" />
      </View>

      {r.status === 'reserved' ? (
        <View className="rental-hero rental-hold">
          <Text className="rental-hero-label">车辆为您保留，剩余</Text>
          <Text className="rental-hero-value rental-countdown">{remaining > 0 ? clock(remaining) : '00:00'}</Text>
          <Text className="rental-hero-note">请在 {formatShanghai(r.holdUntil, 'HH:mm')} 前到车旁开锁，超时车辆将自动释放</Text>
        </View>
      ) : null}

      {busy === 'unlock' ? (
        <View className="card rental-unlocking">
          <View className="state-spinner" />
          <Text className="rental-unlocking-text">已发送开锁指令，正在等待车辆确认…</Text>
          <Text className="form-hint">请站在车旁；车辆确认开锁后才开始计费</Text>
        </View>
      ) : null}

      {r.status === 'in_rental' ? (
        <View className="rental-hero rental-running">
          <Text className="rental-hero-label">已用车</Text>
          <Text className="rental-hero-value rental-elapsed">{clock(elapsed, true)}</Text>
          <View className="rental-running-figures">
            <View className="rental-figure"><Text className="rental-figure-value rental-km">{r.price ? r.price.km : 0}</Text><Text className="rental-figure-label">公里</Text></View>
            <View className="rental-figure"><Text className="rental-figure-value rental-running-price">{r.price ? formatYuan(r.price.totalFen) : '¥0.00'}</Text><Text className="rental-figure-label">{r.price?.minChargeTopUpFen ? `当前费用（最低消费 ${formatYuan(r.plan.minChargeFen)}）` : '当前费用'}</Text></View>
          </View>
          <Text className="rental-hero-note">{doors === 'locked' ? '车门已锁（临时停车），计费继续' : '还车时请停入网点范围内，熄火并锁好车门'}</Text>
        </View>
      ) : null}

      {refusal ? (
        <View className={`form-banner form-banner-error rental-refusal rental-${refusal.action}-error`}>
          <Text className="rental-refusal-text">{refusal.message}</Text>
          {refusal.distanceM != null ? (
            <Text className="rental-refusal-distance">距「{refusal.stationName}」还有 {formatDistance(refusal.distanceM)}</Text>
          ) : null}
        </View>
      ) : null}

      {ended && r.price ? (
        <View className="card rental-receipt">
          <Text className="card-title">费用明细 · {r.plan.name}</Text>
          {[
            { key: 'duration', label: '用车时长', value: formatMinutes(r.price.minutes) },
            { key: 'distance', label: '行驶里程', value: `${r.price.km} 公里` },
            ...priceLines(r.price, r.plan),
          ].map((l) => (
            <View key={l.key} className={`receipt-line receipt-${l.key}`}>
              <Text className="receipt-label">{l.label}</Text>
              <Text className="receipt-value">{l.value}</Text>
            </View>
          ))}
          <View className="rental-receipt-total">
            <Text>合计</Text>
            <Text className="rental-receipt-amount">{formatYuan(r.price.totalFen)}</Text>
          </View>
          <Text className={`rental-payment rental-payment-${r.payment}`}>
            {r.payment === 'statement' ? '公务用车：计入单位与租赁企业的月度对账单，由单位统一结算'
              : r.payment === 'paid' ? (r.payWith === 'payscore' ? '已由微信支付分扣款' : '已通过微信支付')
              : r.payment === 'unpaid' ? '待支付：请通过微信支付本次费用'
              : r.payment === 'score_charging' ? '微信支付分免押：费用已提交微信支付分，将自动扣款，无需操作'
              : r.payment === 'score_releasing' ? paymentStateLabel.score_releasing
              : r.status === 'closed' ? '本次用车不收费' : '无需支付'}
          </Text>
        </View>
      ) : null}

      {r.payWith === 'payscore' && (r.status === 'reserved' || r.status === 'in_rental') ? (
        <View className="form-banner form-banner-ok rental-payscore-note">微信支付分免押：无需缴纳押金，还车后按计费方案自动扣款；未开锁取消或超时不收费。</View>
      ) : null}

      <HandoverCard rental={r} refreshKey={busy} />
      <ClaimsCard rentalId={r.id} />

      <View className="card rental-facts">
        <InfoRow label="订单编号" value={String(r.id)} />
        <InfoRow label="计费方案" value={`${r.plan.name}：${planSummary(r.plan)}`} hook="rental-plan" />
        <InfoRow label="预约时间" value={formatShanghai(r.reservedAt)} />
        {r.startedAt ? <InfoRow label="开始用车" value={formatShanghai(r.startedAt)} /> : null}
        {r.endedAt ? <InfoRow label={r.status === 'returned' ? '还车时间' : '结束时间'} value={formatShanghai(r.endedAt)} /> : null}
        {r.returnStationName ? <InfoRow label="还车网点" value={r.returnStationName} hook="rental-return-station" /> : null}
        {r.note ? <InfoRow label="说明" value={r.note} hook="rental-note" /> : null}
      </View>

      {r.status === 'in_rental' ? (
        <View className="card rental-fault">
          {faultSent ? <Text className="form-banner form-banner-ok rental-fault-sent">已报告租赁企业，企业处理后将通知您；如车辆无法继续使用，企业可免费结束订单。</Text> : null}
          {faultOpen ? (
            <View>
              <Text className="card-title">报告故障或车损</Text>
              <Textarea className="form-textarea input-fault" value={faultText} maxlength={500} placeholder="如：左前轮胎压报警，无法继续行驶" placeholderClass="form-placeholder"
                onInput={(e) => setFaultText(e.detail.value)} />
              <View className="item-actions">
                <View className="btn btn-ghost" onClick={() => setFaultOpen(false)}>取消</View>
                <SubmitButton text="提交报告" busy={busy === 'fault'} onClick={() => void sendFault()} hook="rental-fault-submit" />
              </View>
            </View>
          ) : <Text className="rental-fault-open" onClick={() => setFaultOpen(true)}>车辆有故障或损伤？报告租赁企业 ›</Text>}
        </View>
      ) : null}

      {r.status === 'expired' || r.status === 'cancelled' ? (
        <View className="card rental-over">
          <Text className="item-line">{r.status === 'expired' ? '预约已超时，车辆已释放，未产生费用。' : '预约已取消，未产生费用。'}{r.payWith === 'payscore' ? '微信支付分订单已取消。' : ''}</Text>
        </View>
      ) : null}

      <View className="action-bar">
        {r.status === 'reserved' ? (
          <>
            <SubmitButton text="取消预约" kind="ghost" busyText="正在取消…" busy={busy === 'cancel'} onClick={() => void act('cancel')} hook="rental-cancel" />
            <SubmitButton text={refusal?.action === 'unlock' ? '重试开锁' : '开锁用车'} busyText="等待车辆确认…" busy={busy === 'unlock'} onClick={() => void act('unlock')} hook="rental-unlock" />
          </>
        ) : null}
        {r.status === 'in_rental' ? (
          <>
            {doors !== 'unlocked' ? <SubmitButton text="开锁" kind="ghost" busyText="等待确认…" busy={busy === 'unlock'} onClick={() => void act('unlock')} hook="rental-unlock" /> : null}
            {doors !== 'locked' ? <SubmitButton text="锁车" kind="ghost" busyText="等待确认…" busy={busy === 'lock'} onClick={() => void act('lock')} hook="rental-lock" /> : null}
            <SubmitButton text="还车" busyText="正在还车…" busy={busy === 'return'} onClick={() => void act('return')} hook="rental-return" />
          </>
        ) : null}
        {ended && r.payment === 'unpaid' ? (
          <SubmitButton text={`微信支付 ${formatYuan(r.amountFen ?? 0)}`} busyText="正在支付…" busy={busy === 'pay'} onClick={() => void pay()} hook="rental-pay" />
        ) : null}
        {(ended && r.payment !== 'unpaid') || r.status === 'expired' || r.status === 'cancelled' ? (
          <>
            <View className="btn btn-ghost rental-go-mine" onClick={() => void Taro.redirectTo({ url: '/packages/rental/mine/index' })}>我的租车</View>
            <View className="btn btn-primary rental-go-find" onClick={() => void Taro.redirectTo({ url: '/packages/rental/index/index' })}>再租一辆</View>
          </>
        ) : null}
      </View>
    </View>
  );
}
