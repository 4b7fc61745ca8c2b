import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { statementStatusLabel, type StatementSummary } from '@shared/settlement/settlement.schemas';
import { StatusChip } from '../../components/status-chip';
import { formatShanghai, formatYuan } from '../../utils/format';
import { formatPeriod, statementStatusTone } from './finance-display';
import '../../components/work.css';
import './finance.css';

/** One monthly statement in a list: which company, which billed unit, which month, state, total; opens the statement. */
export function StatementCard({ s, showCompany }: { s: StatementSummary; showCompany: boolean }) {
  return (
    <View
      className={`item-card statement-card statement-${s.id} statement-status-${s.status}`}
      onClick={() => void Taro.navigateTo({ url: `/packages/finance/statement/index?id=${s.id}` })}
    >
      <View className="item-head">
        <Text className="item-title">{showCompany ? s.companyName : `${formatPeriod(s.period)}结算单`}</Text>
        <StatusChip label={statementStatusLabel[s.status]} tone={statementStatusTone[s.status]} hook="statement-status" />
      </View>
      <View className="statement-card-body">
        <View className="statement-card-facts">
          <Text className="item-line statement-card-unit">结算单位：{s.unitName}</Text>
          {showCompany ? <Text className="item-line">{formatPeriod(s.period)} · 结算单 {s.id}</Text> : <Text className="item-line">结算单 {s.id}</Text>}
          <Text className="item-line">{s.lineCount} 条明细 · 生成于 {formatShanghai(s.createdAt)}</Text>
          {s.paymentReference ? <Text className="item-line">付款凭证 {s.paymentReference}</Text> : null}
        </View>
        <Text className="statement-card-total statement-total">{formatYuan(s.totalFen)}</Text>
      </View>
    </View>
  );
}
