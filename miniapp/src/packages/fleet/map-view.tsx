import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Loading } from '../../components/loading';
import { Empty } from '../../components/empty';
import { ErrorBlock } from '../../components/error-block';
import { formatPlate } from '../../utils/format';
import { FleetPlot } from './fleet-plot';
import { OnlineChip, VehicleCard } from './vehicle-card';
import { directionLabel } from './geo';
import { clockTime, onlineFilters, reportedAt, sortAndFilter, type OnlineFilter } from './fleet-display';
import { useFleetPositions } from './use-fleet-positions';

/** 车辆位置: every vehicle I may see, where it is now, online or not, busy or free (调度员, 单位车管). */
export function MapView() {
  const { items, busyPlates, error, loadedAt, reload } = useFleetPositions();
  const [filter, setFilter] = useState<OnlineFilter>('all');
  const [selectedId, setSelectedId] = useState<number | null>(null);

  if (!items && error) return <ErrorBlock error={error} onRetry={() => void reload()} />;
  if (!items) return <Loading text="正在获取车辆位置…" />;

  const online = items.filter((v) => v.online).length;
  const shown = sortAndFilter(items, filter);
  const selected = items.find((v) => v.vehicleId === selectedId) ?? null;
  const placed = items.filter((v) => v.position).length;

  return (
    <View className="fleet-map">
      <View className="work-header">
        <View>
          <Text className="work-header-title">车辆位置</Text>
          <Text className="work-header-sub fleet-summary">共 {items.length} 辆 · 在线 {online} 辆 · {loadedAt ? `${clockTime(loadedAt)} 更新，` : ''}每 10 秒刷新</Text>
        </View>
      </View>
      {error ? <Text className="form-banner form-banner-error fleet-stale">刷新失败，显示的是上次的位置：{error instanceof Error ? error.message : ''}</Text> : null}
      {items.length === 0 ? (
        <Empty title="没有可查看的车辆" hint="本单位登记的车辆会出现在这里" />
      ) : (
        <View>
          {placed ? <FleetPlot vehicles={items} selectedId={selectedId} onSelect={setSelectedId} /> : <Text className="item-line muted fleet-noplot">车辆终端尚未上报位置</Text>}
          <View className="fleet-legend">
            <Text className="legend-dot is-online" /><Text className="legend-text">在线</Text>
            <Text className="legend-dot is-offline" /><Text className="legend-text">离线</Text>
            <Text className="legend-text muted">点按车辆查看详情</Text>
          </View>
          {selected ? <VehicleCard v={selected} busy={busyPlates.has(selected.plate)} onClose={() => setSelectedId(null)} /> : null}
          <View className="tabs">
            {onlineFilters.map((f) => (
              <View key={f.key} className={`tab fleet-filter-${f.key}${f.key === filter ? ' is-active' : ''}`} onClick={() => setFilter(f.key)}>
                {f.label}{f.key === 'all' ? ` ${items.length}` : f.key === 'online' ? ` ${online}` : ` ${items.length - online}`}
              </View>
            ))}
          </View>
          {shown.length === 0 ? <Empty title={filter === 'online' ? '当前没有在线车辆' : '没有离线车辆'} /> : null}
          {shown.map((v) => (
            <View key={v.vehicleId} className={`item-card fleet-row fleet-row-${v.vehicleId}${v.online ? ' is-online' : ' is-offline'}`} onClick={() => setSelectedId(v.vehicleId)}>
              <View className="item-head">
                <Text className="item-title">{formatPlate(v.plate)}</Text>
                <View className="fleet-chips">
                  {busyPlates.has(v.plate) ? <Text className="status-chip tone-blue">出车中</Text> : null}
                  <OnlineChip online={v.online} />
                </View>
              </View>
              {v.position ? (
                <Text className="item-line">{Math.round(v.position.speedKmh)} 公里/小时 · 向{directionLabel(v.position.direction)} · {v.position.doorLocked ? '已锁' : '未锁'}</Text>
              ) : null}
              <Text className="item-line muted">{v.position ? `最后上报 ${reportedAt(v.position.gpsTime)}` : '终端尚未上报位置'}</Text>
            </View>
          ))}
        </View>
      )}
    </View>
  );
}
