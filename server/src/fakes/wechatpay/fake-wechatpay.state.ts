import crypto from 'node:crypto';
import { FakeBillSource } from './fake-wechatpay.bill';

export type FakeTradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';

export interface FakeTransaction {
  appid: string;
  mchid: string;
  outTradeNo: string;
  prepayId: string;
  transactionId: string | null;
  description: string;
  attach: string;
  amountFen: number;
  payerOpenid: string;
  notifyUrl: string;
  timeExpire: string | null;
  state: FakeTradeState;
  successTime: Date | null;
}

export interface FakeRefund {
  refundId: string;
  outRefundNo: string;
  outTradeNo: string;
  transactionId: string;
  refundFen: number;
  totalFen: number;
  reason: string;
  status: 'SUCCESS';
  createTime: Date;
  successTime: Date;
}

/** What the fake remembers, plus the knobs tests turn to make the bill disagree with us. */
export class FakeWechatPayState {
  readonly transactions = new Map<string, FakeTransaction>();
  readonly refunds = new Map<string, FakeRefund>();
  readonly bills = new Map<string, string>();
  /** Every merchant API call, to assert how often we called (e.g. close exactly once). */
  readonly calls: Array<{ method: string; path: string; status: number }> = [];
  readonly billAmountOverrides = new Map<string, number>();
  readonly billOmitted = new Set<string>();
  readonly billExtra: FakeBillSource[] = [];
  /** Path prefixes whose next answers are lost after the work is done (the caller sees 500). */
  readonly loseResponses = new Map<string, number>();
  private seq = 0;

  byPrepayId(prepayId: string): FakeTransaction | undefined {
    for (const t of this.transactions.values()) if (t.prepayId === prepayId) return t;
    return undefined;
  }

  nextTransactionId(): string {
    this.seq += 1;
    return `42000${Date.now().toString().slice(-10)}${String(this.seq).padStart(6, '0')}${crypto.randomInt(1000, 9999)}`.slice(0, 28);
  }

  nextPrepayId(): string {
    return `wx${crypto.randomBytes(16).toString('hex')}`;
  }

  refundedFen(outTradeNo: string): number {
    let sum = 0;
    for (const r of this.refunds.values()) if (r.outTradeNo === outTradeNo) sum += r.refundFen;
    return sum;
  }

  /** Consumes one "lose the response" token for a path, if a test planted one. */
  takeLostResponse(path: string): boolean {
    for (const [prefix, n] of this.loseResponses) {
      if (path.startsWith(prefix) && n > 0) {
        if (n === 1) this.loseResponses.delete(prefix);
        else this.loseResponses.set(prefix, n - 1);
        return true;
      }
    }
    return false;
  }

  billSources(): FakeBillSource[] {
    const out: FakeBillSource[] = [];
    for (const t of this.transactions.values()) {
      if (!t.successTime || !t.transactionId || this.billOmitted.has(t.outTradeNo)) continue;
      out.push({
        kind: 'payment', time: t.successTime, appid: t.appid, mchid: t.mchid, transactionId: t.transactionId,
        outTradeNo: t.outTradeNo, openid: t.payerOpenid, description: t.description,
        totalFen: this.billAmountOverrides.get(t.outTradeNo) ?? t.amountFen,
      });
    }
    for (const r of this.refunds.values()) {
      const t = this.transactions.get(r.outTradeNo);
      if (!t || this.billOmitted.has(r.outRefundNo)) continue;
      out.push({
        kind: 'refund', time: r.successTime, appid: t.appid, mchid: t.mchid, transactionId: r.transactionId,
        outTradeNo: r.outTradeNo, openid: t.payerOpenid, description: t.description, totalFen: r.totalFen,
        refundId: r.refundId, outRefundNo: r.outRefundNo, refundFen: this.billAmountOverrides.get(r.outRefundNo) ?? r.refundFen,
      });
    }
    return [...out, ...this.billExtra].sort((a, b) => a.time.getTime() - b.time.getTime());
  }
}
