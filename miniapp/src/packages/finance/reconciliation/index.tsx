import { useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { View, Text, Picker } from '@tarojs/components';
import { mismatchKindLabel, type MismatchKind, type Reconciliation } from '@shared/payments/payments.schemas';
import { runReconciliation } from '../../../services/payments.api';
import { requireSession } from '../../../services/session.store';
import { Empty } from '../../../components/empty';
import { StatusChip } from '../../../components/status-chip';
import { SubmitButton } from '../../../components/form-field';
import { formatShanghai, formatYuan } from '../../../utils/format';
import type { Tone } from '../../../utils/trip-display';
import { formatDay, yesterday } from '../finance-display';
import '../../../components/work.css';
import '../finance.css';

/** 财务: download a day's WeChat Pay trade bill and compare it with our payments and refunds (DOMAIN.md §6). */
const kindTone: Record<MismatchKind, Tone> = { missing: 'orange', extra: 'red', amount_differs: 'purple' };
const recordLabel = { payment: '支付', refund: '退款' } as const;
const amountOrDash = (fen: number | null) => (fen === null ? '—' : formatYuan(fen));

export default function ReconciliationPage() {
  const [day, setDay] = useState(yesterday());
  const [busy, setBusy] = useState(false);
  const [run, setRun] = useState<Reconciliation | null>(null);
  useDidShow(() => { requireSession(); });

  async function start(): Promise<void> {
    setBusy(true);
    try {
      setRun(await runReconciliation(day));
    } catch {
      // The http client showed the server's message (e.g. the bill for today is not ready yet).
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="page reconciliation-page">
      <View className="work-header">
        <View>
          <Text className="work-header-title">微信支付账单核对</Text>
          <Text className="work-header-sub">T 日账单于 T+1 日 10:00 后可下载</Text>
        </View>
      </View>
      <View className="period-bar">
        <Picker mode="date" value={day} end={yesterday()} onChange={(e) => { setDay(String(e.detail.value)); setRun(null); }}>
          <View className="period-picker reconciliation-day">{formatDay(day)}<Text className="period-picker-arrow">▼</Text></View>
        </Picker>
        <SubmitButton text="下载账单并核对" busyText="核对中…" busy={busy} onClick={() => void start()} hook="reconciliation-run" />
      </View>
      {run ? (
        <View>
          <View className="finance-summary reconciliation-summary">
            <View className="finance-summary-item"><Text className="finance-summary-value">{run.billRows}</Text><Text className="finance-summary-label">账单笔数</Text></View>
            <View className="finance-summary-item"><Text className="finance-summary-value">{run.ourRecords}</Text><Text className="finance-summary-label">平台记录</Text></View>
            <View className="finance-summary-item"><Text className="finance-summary-value">{run.matched}</Text><Text className="finance-summary-label">一致</Text></View>
            <View className="finance-summary-item"><Text className="finance-summary-value reconciliation-mismatch-count">{run.mismatches.length}</Text><Text className="finance-summary-label">差异</Text></View>
          </View>
          {run.mismatches.length ? (
            <View className="card reconciliation-mismatches">
              <Text className="card-title">差异明细（请逐笔核实处理）</Text>
              {run.mismatches.map((m) => (
                <View key={`${m.recordKind}-${m.reference}-${m.kind}`} className={`mismatch-item mismatch-${m.kind}`}>
                  <View className="item-head">
                    <Text className="item-title">{recordLabel[m.recordKind]} {amountOrDash(m.ourAmountFen ?? m.billAmountFen)}</Text>
                    <StatusChip label={mismatchKindLabel[m.kind]} tone={kindTone[m.kind]} hook="mismatch-kind" />
                  </View>
                  <Text className="item-line">平台金额 {amountOrDash(m.ourAmountFen)} · 账单金额 {amountOrDash(m.billAmountFen)}</Text>
                  <Text className="mismatch-ref">商户单号 {m.reference}{m.transactionId ? ` · 微信单号 ${m.transactionId}` : ''}</Text>
                </View>
              ))}
            </View>
          ) : (
            <Empty title="账单与平台记录一致" hint={`${formatDay(run.billDate)}共 ${run.matched} 笔，核对于 ${formatShanghai(run.createdAt)}`} />
          )}
        </View>
      ) : (
        <Empty title="选择日期后开始核对" hint="下载该日的微信支付交易账单，与平台的支付、退款记录逐笔比对金额" />
      )}
    </View>
  );
}
