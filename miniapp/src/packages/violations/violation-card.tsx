import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { Violation } from '../../services/violations.api';
import { StatusChip } from '../../components/status-chip';
import { formatShanghai } from '../../utils/format';
import { heldBy, penalty, violationTone } from './violations-display';

/** One violation in a list: when, where, what it cost, whom it went to; an unmatched one stands out for the fleet admin. */
export function ViolationCard({ v, showPerson }: { v: Violation; showPerson: boolean }) {
  return (
    <View className={`item-card violation-card violation-${v.id} violation-${v.status}`}
      onClick={() => void Taro.navigateTo({ url: `/packages/violations/detail/index?id=${v.id}` })}>
      <View className="item-head">
        <Text className="item-title">{v.plate} <Text className="muted">{formatShanghai(v.occurredAt)}</Text></Text>
        <StatusChip label={v.statusLabel} tone={violationTone[v.status]} hook={`violation-status violation-status-${v.status}`} />
      </View>
      <Text className="item-line violation-act">{v.act}</Text>
      <Text className="item-line muted">{v.place}</Text>
      <Text className="item-line item-line-strong violation-penalty">{penalty(v)}</Text>
      <Text className="item-line violation-held">{heldBy(v)}{showPerson && v.userName ? ` · 驾驶人 ${v.userName}` : ''}</Text>
      {v.status === 'unmatched' ? <Text className="violation-flag">待指派：{v.reason}</Text> : null}
    </View>
  );
}
