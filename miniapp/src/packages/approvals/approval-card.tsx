import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { ApprovalItem } from '@shared/approvals/approvals.schemas';
import { StatusChip } from '../../components/status-chip';
import { formatShanghai, formatYuan } from '../../utils/format';
import { approvalStatusTone } from '../../utils/trip-display';
import './approval-card.css';

/** What, who, when, why (and cost) of one approval, any kind. */
export function ApprovalCard({ item }: { item: ApprovalItem }) {
  return (
    <View className={`item-card approval-card approval-card-${item.id} approval-kind-${item.kind}`} onClick={() => void Taro.navigateTo({ url: `/packages/approvals/detail/index?id=${item.id}` })}>
      <View className="item-head">
        <Text className="item-title">
          <Text className="tag approval-kind">{item.kindLabel}</Text>
          {/* An emergency's 补单: the car already went, so this is approval after the fact, not a request. */}
          {item.kind === 'trip' && item.variant === 'emergency' ? <Text className="tag approval-backfill">紧急补单·车已派出</Text> : null}
          {item.title}
        </Text>
        <StatusChip label={item.statusLabel} tone={approvalStatusTone[item.status]} />
      </View>
      <Text className="item-line">{item.summary}</Text>
      <Text className="item-line">申请人 {item.applicantName} · {formatShanghai(item.submittedAt)} 提交</Text>
      <Text className="item-line">
        {item.levels > 1 ? `第 ${item.level}/${item.levels} 级审批` : '一级审批'}{item.amountFen != null ? ` · 金额 ${formatYuan(item.amountFen)}` : ''}
      </Text>
    </View>
  );
}
