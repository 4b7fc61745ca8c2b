import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Textarea } from '@tarojs/components';
import { reviewStatementSchema, type Statement } from '@shared/settlement/settlement.schemas';
import { reviewStatement } from '../../services/settlement.api';
import { SubmitButton } from '../../components/form-field';
import { StatementLines } from './statement-lines';
import '../../components/work.css';
import './finance.css';

type Decision = { decision: 'confirm' | 'dispute'; reason: string };

/** The company goes through a draft statement line by line: confirm, or dispute with a reason. */
export function CompanyReview({ statement, onChanged }: { statement: Statement; onChanged: (s: Statement) => void }) {
  const [decisions, setDecisions] = useState<Record<number, Decision>>({});
  const [errors, setErrors] = useState<Record<number, string>>({});
  const [busy, setBusy] = useState(false);
  const open = statement.status === 'draft';
  const get = (id: number): Decision => decisions[id] ?? { decision: 'confirm', reason: '' };
  const set = (id: number, d: Partial<Decision>) => setDecisions((prev) => ({ ...prev, [id]: { ...get(id), ...d } }));
  const disputes = statement.lines.filter((l) => get(l.id).decision === 'dispute').length;

  async function submit(): Promise<void> {
    const missing: Record<number, string> = {};
    for (const l of statement.lines) if (get(l.id).decision === 'dispute' && !get(l.id).reason.trim()) missing[l.id] = '请写明异议原因';
    setErrors(missing);
    if (Object.keys(missing).length) return;
    const input = {
      lines: statement.lines.map((l) => {
        const d = get(l.id);
        return d.decision === 'dispute' ? { lineId: l.id, decision: d.decision, reason: d.reason.trim() } : { lineId: l.id, decision: d.decision };
      }),
    };
    if (!reviewStatementSchema.safeParse(input).success) return;
    setBusy(true);
    try {
      const next = await reviewStatement(statement.id, input);
      void Taro.showToast({ title: disputes ? '异议已提交' : '已确认结算单', icon: 'success' });
      setDecisions({});
      onChanged(next);
    } catch {
      // The http client showed the server's message.
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className={open ? 'page-with-bar' : ''}>
      {open ? <View className="form-banner form-banner-info company-review-hint">请逐条核对订单明细；金额或订单有误时选择「有异议」并写明原因。</View> : null}
      <StatementLines
        statement={statement}
        extra={open ? (l) => (
          <View className="line-form">
            <View className="line-actions">
              <View className={`choice-chip line-confirm-${l.id}${get(l.id).decision === 'confirm' ? ' is-active' : ''}`} onClick={() => set(l.id, { decision: 'confirm' })}>确认</View>
              <View className={`choice-chip line-dispute-${l.id}${get(l.id).decision === 'dispute' ? ' is-active' : ''}`} onClick={() => set(l.id, { decision: 'dispute' })}>有异议</View>
            </View>
            {get(l.id).decision === 'dispute' ? (
              <Textarea
                className={`form-textarea input-dispute-reason-${l.id}`} value={get(l.id).reason} maxlength={200} autoHeight
                placeholder="异议原因，如：该订单实际里程 120 km，应为 ¥360.00" placeholderClass="form-placeholder"
                onInput={(e) => set(l.id, { reason: e.detail.value })}
              />
            ) : null}
            {errors[l.id] ? <Text className="form-error">{errors[l.id]}</Text> : null}
          </View>
        ) : undefined}
      />
      {open ? (
        <View className="action-bar">
          <SubmitButton
            text={disputes ? `提交异议（${disputes} 条）` : '全部确认无误'} kind={disputes ? 'danger' : 'primary'}
            busy={busy} onClick={() => void submit()} hook="statement-review-submit"
          />
        </View>
      ) : null}
    </View>
  );
}
