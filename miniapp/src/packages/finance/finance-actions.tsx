import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Input, Textarea } from '@tarojs/components';
import { addCorrectionSchema, markPaidSchema, type Statement, type StatementLine } from '@shared/settlement/settlement.schemas';
import {
  addCorrection, approveStatement, downloadStatementExcel, markStatementPaid, resubmitStatement,
} from '../../services/settlement.api';
import { showError } from '../../services/http';
import { InputField, SubmitButton } from '../../components/form-field';
import { StatementLines } from './statement-lines';
import { parseYuan } from './finance-display';
import '../../components/work.css';
import './finance.css';

type Busy = 'approve' | 'pay' | 'download' | 'resubmit' | 'correct' | null;

/**
 * Finance on one statement: corrections for disputed lines and resubmission, approval once the
 * company confirmed, payment with its reference once approved, and the Excel at any time.
 */
export function FinanceActions({ statement, onChanged }: { statement: Statement; onChanged: (s: Statement) => void }) {
  const [busy, setBusy] = useState<Busy>(null);
  const [reference, setReference] = useState('');
  const [refError, setRefError] = useState<string | undefined>();
  const [fixing, setFixing] = useState<number | null>(null);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [fixError, setFixError] = useState<string | null>(null);
  const s = statement;
  const canCorrect = s.status === 'draft' || s.status === 'disputed';

  async function act(kind: Exclude<Busy, null>, work: () => Promise<Statement | void>, done?: string): Promise<void> {
    if (busy) return;
    setBusy(kind);
    try {
      const next = await work();
      if (done) void Taro.showToast({ title: done, icon: 'success' });
      if (next) onChanged(next);
    } catch (e) {
      if (kind === 'download') showError(e);
    } finally {
      setBusy(null);
    }
  }

  function pay(): void {
    const parsed = markPaidSchema.safeParse({ paymentReference: reference });
    if (!parsed.success) return setRefError('请填写付款凭证号（银行回单号）');
    setRefError(undefined);
    void act('pay', () => markStatementPaid(s.id, parsed.data.paymentReference), '已登记付款');
  }

  function correct(line: StatementLine): void {
    const fen = parseYuan(amount);
    // No unit: a correction is billed to the statement's unit.
    const parsed = addCorrectionSchema.safeParse({ amountFen: fen ?? 0, reason, correctsLineId: line.id });
    if (fen === null) return setFixError('请填写调整金额（元），减少时填负数，如 -20.50');
    if (!parsed.success) return setFixError(parsed.error.issues[0]?.message ?? '请检查填写内容');
    setFixError(null);
    void act('correct', async () => {
      const next = await addCorrection(s.id, parsed.data);
      setFixing(null);
      setAmount('');
      setReason('');
      return next;
    }, '已补录调整');
  }

  const correctionForm = (l: StatementLine) => (canCorrect && l.kind === 'order' ? (
    fixing === l.id ? (
      <View className="line-form correction-form">
        <Input className="form-input input-correction-amount" type="text" value={amount} placeholder="调整金额（元），减少填负数" placeholderClass="form-placeholder" onInput={(e) => setAmount(e.detail.value)} />
        <Textarea className="form-textarea input-correction-reason" value={reason} maxlength={200} autoHeight placeholder="调整原因" placeholderClass="form-placeholder" onInput={(e) => setReason(e.detail.value)} />
        {fixError ? <Text className="form-error">{fixError}</Text> : null}
        <View className="line-actions">
          <View className="choice-chip" onClick={() => setFixing(null)}>取消</View>
          <SubmitButton text="保存调整" busy={busy === 'correct'} onClick={() => correct(l)} hook="correction-save" />
        </View>
      </View>
    ) : l.reviewStatus === 'disputed' ? (
      <View className="line-actions"><View className={`choice-chip line-correct-${l.id}`} onClick={() => { setFixing(l.id); setFixError(null); }}>补录调整</View></View>
    ) : null
  ) : null);

  return (
    <View className="page-with-bar">
      {s.status === 'draft' ? <View className="form-banner form-banner-info finance-wait-company">等待企业逐条确认；确认后可审核。</View> : null}
      {s.status === 'disputed' ? <View className="form-banner form-banner-error finance-disputed">企业对部分明细有异议：请核实，必要时补录调整，然后重新提交企业确认。</View> : null}
      <StatementLines statement={s} extra={correctionForm} />
      {s.status === 'approved' ? (
        <View className="card finance-pay-form">
          <Text className="card-title">登记付款</Text>
          <InputField label="付款凭证号" value={reference} onChange={setReference} error={refError} hook="payment-reference" placeholder="银行回单号或支付流水号" required />
        </View>
      ) : null}
      <View className="action-bar">
        <SubmitButton text="下载 Excel" busyText="下载中…" kind="ghost" busy={busy === 'download'} onClick={() => void act('download', () => downloadStatementExcel(s))} hook="statement-download" />
        {s.status === 'disputed' ? <SubmitButton text="重新提交确认" busy={busy === 'resubmit'} onClick={() => void act('resubmit', () => resubmitStatement(s.id), '已重新提交')} hook="statement-resubmit" /> : null}
        {s.status === 'confirmed' ? <SubmitButton text="审核通过" busy={busy === 'approve'} onClick={() => void act('approve', () => approveStatement(s.id), '已审核')} hook="statement-approve" /> : null}
        {s.status === 'approved' ? <SubmitButton text="登记付款" busy={busy === 'pay'} onClick={pay} hook="statement-pay" /> : null}
      </View>
    </View>
  );
}
