import { useCallback, useState } from 'react';
import { usePullDownRefresh, useLoad } from '@tarojs/taro';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { statementStatusLabel, type Statement } from '@shared/settlement/settlement.schemas';
import { getStatement } from '../../../services/settlement.api';
import { getCachedUser, getCurrentRole, requireSession } from '../../../services/session.store';
import { Loading } from '../../../components/loading';
import { ErrorBlock } from '../../../components/error-block';
import { StatusChip } from '../../../components/status-chip';
import { InfoRow } from '../../../components/info-row';
import { formatShanghai, formatYuan } from '../../../utils/format';
import { CompanyReview } from '../company-review';
import { FinanceActions } from '../finance-actions';
import { formatPeriod, statementStatusTone } from '../finance-display';
import '../../../components/work.css';
import '../finance.css';

/** One monthly statement of a company with one billed unit: total, per order; the company reviews it, finance approves and pays it. */
export default function StatementPage() {
  const [id, setId] = useState(0);
  const [statement, setStatement] = useState<Statement | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async (statementId: number) => {
    setError(null);
    try {
      setStatement(await getStatement(statementId));
    } catch (e) {
      setError(e);
    }
  }, []);

  useLoad((params: Record<string, string | undefined>) => {
    if (!requireSession()) return;
    const statementId = Number(params.id);
    setId(statementId);
    void load(statementId);
  });
  usePullDownRefresh(() => { void load(id).finally(() => Taro.stopPullDownRefresh()); });

  if (error && !statement) return <View className="page"><ErrorBlock error={error} onRetry={() => void load(id)} /></View>;
  if (!statement) return <View className="page"><Loading /></View>;

  const user = getCachedUser();
  const role = user ? getCurrentRole(user) : null;
  const isFinance = role === 'finance' || role === 'platform_admin';
  const s = statement;
  return (
    <View className={`page statement-page statement-page-${s.status}`}>
      <View className="statement-hero">
        <Text className="statement-hero-company">{s.companyName}</Text>
        <Text className="statement-hero-unit">结算单位：{s.unitName}</Text>
        <Text className="statement-hero-period">{formatPeriod(s.period)}结算单 · 编号 {s.id}</Text>
        <Text className="statement-hero-total statement-detail-total">{formatYuan(s.totalFen)}</Text>
        <View className="statement-hero-row">
          <Text className="statement-hero-period">{s.lineCount} 条明细</Text>
          <StatusChip label={statementStatusLabel[s.status]} tone={statementStatusTone[s.status]} hook="statement-detail-status" />
        </View>
      </View>
      <View className="card statement-facts">
        <InfoRow label="生成时间" value={formatShanghai(s.createdAt)} />
        {s.confirmedAt ? <InfoRow label="企业确认" value={formatShanghai(s.confirmedAt)} /> : null}
        {s.approvedAt ? <InfoRow label="财务审核" value={formatShanghai(s.approvedAt)} /> : null}
        {s.paidAt ? <InfoRow label="付款时间" value={formatShanghai(s.paidAt)} /> : null}
        {s.paymentReference ? <InfoRow label="付款凭证" value={s.paymentReference} hook="statement-payment-reference" /> : null}
      </View>
      {isFinance ? <FinanceActions statement={s} onChanged={setStatement} /> : <CompanyReview statement={s} onChanged={setStatement} />}
    </View>
  );
}
