import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { depositStatusLabel, type Deposit } from '@shared/payments/deposit.schemas';
import { fetchMyDeposit, payWithWechat, PaymentCancelled, refundMyDeposit, startDeposit, syncPayment } from '../../../services/payments.api';
import { requireSession } from '../../../services/session.store';
import { Loading } from '../../../components/loading';
import { ErrorBlock, errorMessage } from '../../../components/error-block';
import { InfoRow } from '../../../components/info-row';
import { SubmitButton } from '../../../components/form-field';
import { formatShanghai, formatYuan } from '../../../utils/format';
import '../../../components/work.css';
import './index.css';

const POLL_MS = 1500;
const POLL_TRIES = 40;
/** After this many polls without the notice, ask WeChat Pay directly (the notice may be late). */
const SYNC_AFTER = 3;
const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** 分时租赁押金: my status → 缴纳押金 (WeChat Pay) → wait for the payment result → 已缴纳. */
export default function DepositPage() {
  const [deposit, setDeposit] = useState<Deposit | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const [payError, setPayError] = useState<string | null>(null);
  const alive = useRef(true);
  useEffect(() => () => { alive.current = false; }, []);

  const load = useCallback(async () => {
    setError(null);
    try {
      setDeposit(await fetchMyDeposit());
    } catch (e) {
      setError(e);
    }
  }, []);

  useDidShow(() => { if (requireSession()) void load(); });
  usePullDownRefresh(() => { void load().finally(() => Taro.stopPullDownRefresh()); });

  /** Polls my deposit until the payment notice has reached the server. */
  async function waitForPaid(outTradeNo: string): Promise<boolean> {
    setWaiting(true);
    try {
      for (let i = 1; i <= POLL_TRIES && alive.current; i += 1) {
        if (i >= SYNC_AFTER) await syncPayment(outTradeNo).catch(() => undefined);
        const d = await fetchMyDeposit().catch(() => null);
        if (d && alive.current) setDeposit(d);
        if (d?.status === 'paid') return true;
        await wait(POLL_MS);
      }
      return false;
    } finally {
      if (alive.current) setWaiting(false);
    }
  }

  async function pay(): Promise<void> {
    setPayError(null);
    setBusy(true);
    try {
      const start = await startDeposit();
      setDeposit(start.deposit);
      if (start.deposit.status === 'paid' || !start.payParams || !start.deposit.payment) return;
      await payWithWechat(start);
      const paid = await waitForPaid(start.deposit.payment.outTradeNo);
      if (paid) void Taro.showToast({ title: '押金已缴纳', icon: 'success' });
      else setPayError('暂未收到支付结果，请稍后下拉刷新查看');
    } catch (e) {
      setPayError(e instanceof PaymentCancelled ? '您已取消支付，押金尚未缴纳' : errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  /** 申请退还押金, asked once more first. */
  async function refund(): Promise<void> {
    const answer = await Taro.showModal({ title: '申请退还押金', content: '押金将原路退回您的微信，退还后如需使用分时租赁须重新缴纳。确定退还？', confirmText: '退还' });
    if (!answer.confirm) return;
    setPayError(null);
    setBusy(true);
    try {
      const d = await refundMyDeposit();
      setDeposit(d);
      void Taro.showToast({ title: d.status === 'unpaid' ? '押金已退还' : '已提交退还', icon: 'success' });
    } catch (e) {
      setPayError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  if (error && !deposit) return <View className="page"><ErrorBlock error={error} onRetry={() => void load()} /></View>;
  if (!deposit) return <View className="page"><Loading /></View>;

  const paid = deposit.status === 'paid';
  const p = deposit.payment;
  return (
    <View className={`page page-with-bar deposit-page deposit-status-${deposit.status}`}>
      <View className="work-header">
        <View>
          <Text className="work-header-title">分时租赁押金</Text>
          <Text className="work-header-sub">缴纳后即可预约、使用分时租赁电动汽车</Text>
        </View>
      </View>
      <View className="deposit-hero">
        <View className={`deposit-status-mark${paid ? ' is-paid' : ''}`}>{paid ? '✓' : '¥'}</View>
        <Text className="deposit-status-text deposit-status-label">{waiting ? '正在确认支付结果…' : depositStatusLabel[deposit.status]}</Text>
        <Text className="deposit-amount deposit-amount-value">{formatYuan(deposit.amountFen)}</Text>
        <Text className="deposit-label">押金金额</Text>
      </View>
      {p ? (
        <View className="card deposit-payment">
          <InfoRow label="商户订单号" value={p.outTradeNo} />
          {p.transactionId ? <InfoRow label="微信单号" value={p.transactionId} /> : null}
          {p.paidAt ? <InfoRow label="缴纳时间" value={formatShanghai(p.paidAt)} hook="deposit-paid-at" /> : <InfoRow label="支付有效期至" value={formatShanghai(p.expiresAt)} />}
        </View>
      ) : null}
      {payError ? <View className="form-banner form-banner-error deposit-error">{payError}</View> : null}
      <View className="card deposit-notes">
        <Text className="card-title">押金说明</Text>
        <Text className="deposit-note">· 押金通过微信支付缴纳，每人只需缴纳一次。</Text>
        <Text className="deposit-note">· 公务用车费用由单位按月结算，不从押金中扣除。</Text>
        <Text className="deposit-note">· 不再使用分时租赁时，可在本页申请退还押金，原路退回微信。</Text>
      </View>
      <View className="action-bar">
        {paid ? (
          <>
            <View className="btn btn-ghost deposit-refund" onClick={() => { if (!busy) void refund(); }}>{busy ? '正在提交…' : '申请退还'}</View>
            <View className="btn btn-ghost deposit-back" onClick={() => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: '/packages/rental/index/index' }))}>返回分时租赁</View>
          </>
        ) : deposit.status === 'refunding' ? (
          <View className="form-banner deposit-refunding">押金退还中，到账后本页显示「未缴纳」</View>
        ) : (
          <SubmitButton
            text={deposit.status === 'pending' ? '继续支付' : '缴纳押金'} busyText={waiting ? '等待支付结果…' : '正在发起支付…'}
            busy={busy} onClick={() => void pay()} hook="deposit-pay"
          />
        )}
      </View>
    </View>
  );
}
