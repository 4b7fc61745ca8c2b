import { View, Text } from '@tarojs/components';
import type { PoolRow } from '../../services/supervision.api';
import { closure, coverage, shortYuan } from './supervision-display';

/** The figures of a region or unit as tiles: vehicles and coverage, trips, mileage, cost, warnings by colour and closure. */
export function PoolFigures({ row }: { row: PoolRow }) {
  const tiles: Array<[hook: string, label: string, value: string, sub?: string]> = [
    ['vehicles', '车辆', `${row.vehicles}`, '辆'],
    ['coverage', '纳入率', coverage(row), `装终端 ${row.withTerminal} 辆`],
    ['trips', '行程', `${row.trips}`, '次'],
    ['distance', '里程', `${row.distanceKm}`, '公里'],
    ['cost', '费用', shortYuan(row.costFen)],
    ['warnings', '预警', `${row.warnings}`, `红色 ${row.warningsRed}`],
    ['closure', '办结率', closure(row), `办结 ${row.warningsClosed}`],
  ];
  return (
    <View className="pool-figures">
      {tiles.map(([hook, label, value, sub]) => (
        <View key={hook} className={`pool-figure figure-${hook}${hook === 'warnings' && row.warningsRed ? ' is-alert' : ''}`}>
          <Text className="pool-figure-value">{value}</Text>
          <Text className="pool-figure-label">{label}{sub ? <Text className="pool-figure-sub"> {sub}</Text> : null}</Text>
        </View>
      ))}
    </View>
  );
}
