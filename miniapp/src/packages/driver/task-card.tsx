import { View, Text } from '@tarojs/components';
import type { DriverTask } from '@shared/trips/dispatch.schemas';
import { StatusChip } from '../../components/status-chip';
import { formatPlate, formatShanghai, formatYuan } from '../../utils/format';
import { assignmentStatusTone, formatWindow } from '../../utils/trip-display';

/** One task of the driver: when, where from and to, who (the passenger to pick up, phone masked), which car. */
export function TaskSummary({ task }: { task: DriverTask }) {
  return (
    <>
      <View className="item-head">
        <Text className="item-title">{formatWindow(task.startAt, task.endAt, formatShanghai)}</Text>
        <StatusChip label={task.statusLabel} tone={assignmentStatusTone[task.status]} hook="task-status" />
      </View>
      <Text className="item-line item-line-strong">{task.originName} → {task.destinationNames.join(' → ')}</Text>
      <Text className="item-line">{task.purpose} · {task.passengers} 人{task.unitName ? ` · ${task.unitName}` : ''}</Text>
      {task.passengerName ? <Text className="item-line task-passenger">用车人 {task.passengerName}{task.passengerPhoneMasked ? ` ${task.passengerPhoneMasked}` : ''}</Text> : null}
      <View className="item-car">
        <Text className="item-car-plate">{task.plate ? formatPlate(task.plate) : '—'}</Text>
        {task.departOdometerKm != null ? <Text className="item-line">出车里程 {task.departOdometerKm} km{task.departedAt ? ` · ${formatShanghai(task.departedAt)}` : ''}</Text> : null}
        {task.returnOdometerKm != null ? <Text className="item-line">回场里程 {task.returnOdometerKm} km · 费用 {formatYuan(task.costFen)}</Text> : null}
      </View>
    </>
  );
}
