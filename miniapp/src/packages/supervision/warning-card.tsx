import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { Warning } from '../../services/supervision.api';
import { warningGradeLabel } from '../../services/supervision.api';
import { StatusChip } from '../../components/status-chip';
import { formatShanghai } from '../../utils/format';
import { gradeTone, statusTone } from './supervision-display';

/** One warning in a list: grade stripe and chip, what and where, its loop state; taps open it. */
export function WarningCard({ w, showUnit = true }: { w: Warning; showUnit?: boolean }) {
  return (
    <View className={`item-card warning-card warning-${w.id} grade-${w.grade} status-${w.status}`}
      onClick={() => void Taro.navigateTo({ url: `/packages/supervision/warning/index?id=${w.id}` })}>
      <View className="item-head">
        <Text className="item-title warning-title">{w.title}</Text>
        <StatusChip label={w.statusLabel} tone={statusTone[w.status]} hook={`warning-status warning-status-${w.status}`} />
      </View>
      <View className="warning-tags">
        <StatusChip label={`${warningGradeLabel[w.grade]}预警`} tone={gradeTone[w.grade]} hook={`warning-grade warning-grade-${w.grade}`} />
        <Text className="tag warning-kind">{w.kindLabel}</Text>
        {w.tripId ? <Text className="tag warning-trip">行程 {w.tripId}</Text> : null}
      </View>
      <Text className="item-line warning-detail">{w.detail}</Text>
      <Text className="item-line muted">{showUnit ? `${w.unitName} · ` : ''}{formatShanghai(w.occurredAt)}</Text>
    </View>
  );
}
