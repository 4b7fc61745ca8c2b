import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, useLoad, usePullDownRefresh } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { Reservation } from '@shared/reservations/reservations.schemas';
import { cancelReservation, fetchReservation, payReservation } from '../../../services/reservations.api';
import { fetchPayment, payWithWechat, PaymentCancelled, syncPayment } from '../../../services/payments.api';
import { requireSession } from '../../../services/session.store';
import { Loading } from '../../../components/loading';
import { ErrorBlock, errorMessage } from '../../../components/error-block';
import { InfoRow } from '../../../components/info-row';
import { StatusChip } from '../../../components/status-chip';
import { SubmitButton } from '../../../components/form-field';
import { formatShanghai, formatYuan } from '../../../utils/format';
import { cancellableStatuses, reservationStatusTone } from '../reservation-display';
import '../../../components/work.css';
import '../reservations.css';

const POLL_MS = 1500;
const POLL_TRIES = 40;
/** After this many polls without the notice, ask WeChat Pay directly (the notice may be late). */
const SYNC_AFTER = 3;
const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What the traveller is told next, per status. */
const nextStep: Partial<Record<Reservation['status'], string>> = {
  pending_approval: '超出标准，已送事务审批；审批通过后发给商家确认，未通过则释放房量/餐位。',
  awaiting_payment: '超出标准的差额由本人微信支付，支付后发给商家确认；30 分钟内未支付将自动释放。',
  awaiting_supplier: '已发给商家，等待确认。',
  confirmed: '商家已确认。公务部分计入本单位与商家的月度对账单。',
};

/** One booking: what, the standard it was checked against, the rule if over; 支付差额 and 取消预订. */
export default function ReservationDetailPage() {
  const [id, setId] = useState<number | null>(null);
  const [r, setR] = useState<Reservation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'pay' | 'cancel' | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [refundedFen, setRefundedFen] = useState(0);
  const alive = useRef(true);
  useEffect(() => () => { alive.current = false; }, []);

  useLoad((params: Record<string, string | undefined>) => { setId(Number(params.id)); });

  const load = useCallback(async () => {
    if (!id) return;
    setError(null);
    try {
      const fresh = await fetchReservation(id);
      setR(fresh);
      if (fresh.paymentOutTradeNo && !cancellableStatuses.includes(fresh.status)) {
        setRefundedFen((await fetchPayment(fresh.paymentOutTradeNo).catch(() => null))?.refundedFen ?? 0);
      }
    } catch (e) {
      setError(e);
    }
  }, [id]);

  useEffect(() => { void load(); }, [load]);
  useDidShow(() => { if (requireSession() && r) void load(); });
  usePullDownRefresh(() => { void load().finally(() => Taro.stopPullDownRefresh()); });

  /** Polls the booking until the payment notice has moved it on. */
  async function waitForPaid(outTradeNo: string): Promise<boolean> {
    for (let i = 1; i <= POLL_TRIES && alive.current; i += 1) {
      if (i >= SYNC_AFTER) await syncPayment(outTradeNo).catch(() => undefined);
      const fresh = await fetchReservation(id!).catch(() => null);
      if (fresh && alive.current) setR(fresh);
      if (fresh && fresh.status !== 'awaiting_payment') return true;
      await wait(POLL_MS);
    }
    return false;
  }

  async function pay(): Promise<void> {
    setActionError(null);
    setBusy('pay');
    try {
      const start = await payReservation(id!);
      await payWithWechat(start);
      if (await waitForPaid(start.payment.outTradeNo)) void Taro.showToast({ title: '差额已支付', icon: 'success' });
      else setActionError('暂未收到支付结果，请稍后下拉刷新查看');
    } catch (e) {
      setActionError(e instanceof PaymentCancelled ? '您已取消支付，差额尚未支付' : errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  async function cancel(): Promise<void> {
    const answer = await Taro.showModal({
      title: '取消预订', confirmText: '取消预订', cancelText: '再想想',
      content: r?.status === 'confirmed' && r.kind !== 'ticket' ? '入住/用餐前一日 18:00 后取消将按规则收取首晚房费或餐费 20%。确定取消？' : '取消后释放所订房量、餐位或座位，已付差额原路退回。确定取消？',
    });
    if (!answer.confirm) return;
    setActionError(null);
    setBusy('cancel');
    try {
      setR(await cancelReservation(id!, '出行人取消'));
      void Taro.showToast({ title: '已取消', icon: 'success' });
      await load();
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  if (error && !r) return <View className="page"><ErrorBlock error={error} onRetry={() => void load()} /></View>;
  if (!r) return <View className="page"><Loading /></View>;

  const canCancel = cancellableStatuses.includes(r.status);
  return (
    <View className={`page page-with-bar rsv-detail-page rsv-detail-status-${r.status}`}>
      <View className="card rsv-detail-head">
        <View className="item-head">
          <Text className="item-title rsv-detail-title"><Text className={`rsv-kind-tag rsv-kind-tag-${r.kind}`}>{r.kindLabel}</Text>{r.title}</Text>
          <StatusChip label={r.statusLabel} tone={reservationStatusTone[r.status]} hook="rsv-detail-status" />
        </View>
        {refundedFen > 0 && !cancellableStatuses.includes(r.status) ? (
          <Text className="item-line rsv-next rsv-refund-note">已付差额 {formatYuan(refundedFen)} 已原路退回微信。</Text>
        ) : null}
        {nextStep[r.status] ? <Text className="item-line rsv-next">{r.status === 'awaiting_supplier' && r.kind === 'ticket' ? '已向票务代理下单，等待出票。' : nextStep[r.status]}</Text> : null}
      </View>
      {r.overStandardRule ? (
        <View className="card rsv-rule-card">
          <Text className="card-title">超出标准</Text>
          <Text className="rsv-rule-text">{r.overStandardRule}</Text>
        </View>
      ) : null}
      <View className="card">
        <InfoRow label="预订号" value={String(r.id)} />
        <InfoRow label="商家" value={r.supplierName} hook="rsv-detail-supplier" />
        <InfoRow label="出行人" value={r.travellerName} />
        <InfoRow label="所属行程" value={`行程 ${r.tripId}`} />
        <InfoRow label="核定标准" value={r.standardText} hook="rsv-detail-standard" />
        <InfoRow label="金额" value={formatYuan(r.amountFen)} hook="rsv-detail-amount" />
        <InfoRow label="单位结算" value={formatYuan(r.officialFen)} />
        {r.personalFen > 0 ? <InfoRow label="本人自付" value={`${formatYuan(r.personalFen)}（微信支付）`} hook="rsv-detail-personal" /> : null}
        {r.ticketNo ? <InfoRow label="票号" value={r.ticketNo} hook="rsv-detail-ticket-no" /> : null}
        {r.note ? <InfoRow label="说明" value={r.note} hook="rsv-detail-note" /> : null}
        <InfoRow label="提交时间" value={formatShanghai(r.createdAt)} />
      </View>
      {actionError ? <View className="form-banner form-banner-error rsv-action-error">{actionError}</View> : null}
      {canCancel ? (
        <View className="action-bar">
          <SubmitButton text="取消预订" busyText="正在取消…" busy={busy === 'cancel'} onClick={() => { if (!busy) void cancel(); }} hook="rsv-cancel" kind="danger" />
          {r.status === 'awaiting_payment' ? (
            <SubmitButton text={`微信支付差额 ${formatYuan(r.personalFen)}`} busyText="等待支付结果…" busy={busy === 'pay'} onClick={() => { if (!busy) void pay(); }} hook="rsv-pay" />
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
