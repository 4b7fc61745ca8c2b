import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { fetchNotices, type Warning } from '../../services/supervision.api';
import { WarningList } from './warning-list';

/**
 * 单位车管's 预警 (JOURNEYS.md Unit fleet admin): warnings about our cars by the state of their loop
 * (check, or appeal with photos and the trip), and the notices published to our region.
 */
export function UnitWarnings() {
  const [notices, setNotices] = useState<Warning[]>([]);
  useEffect(() => { fetchNotices().then(setNotices, () => setNotices([])); }, []);
  return (
    <View className="unit-warnings">
      <View className="work-header">
        <View>
          <Text className="work-header-title">本单位预警</Text>
          <Text className="work-header-sub">核查预警；有正当理由的可附照片和所属行程申诉，由上级主管部门处理</Text>
        </View>
      </View>
      {notices.length ? (
        <View className="card notices-card">
          <Text className="card-title">通报</Text>
          {notices.slice(0, 3).map((n) => (
            <Text key={n.id} className={`item-line notice notice-${n.id}`}>【{n.kindLabel}】{n.unitName} {n.title}</Text>
          ))}
        </View>
      ) : null}
      <WarningList initial="open" emptyHint="本单位车辆触发预警规则后会出现在这里" />
    </View>
  );
}
