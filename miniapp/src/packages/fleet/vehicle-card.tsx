import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { VehiclePosition } from '../../services/telematics.api';
import { InfoRow } from '../../components/info-row';
import { StatusChip } from '../../components/status-chip';
import { formatPlate } from '../../utils/format';
import { directionLabel } from './geo';
import { reportedAt } from './fleet-display';

/** What a tap on a vehicle shows: where it is, how fast, when it last reported, its doors. */
export function PositionRows({ v }: { v: VehiclePosition }) {
  const p = v.position;
  if (!p) return <Text className="item-line muted">终端尚未上报位置</Text>;
  return (
    <View>
      <InfoRow label="最后上报" value={reportedAt(p.gpsTime)} hook="pos-time" />
      <InfoRow label="速度" value={`${Math.round(p.speedKmh)} 公里/小时 · ${p.accOn ? '点火' : '熄火'}`} hook="pos-speed" />
      <InfoRow label="方向" value={`${directionLabel(p.direction)}（${Math.round(p.direction)}°）`} />
      <InfoRow label="车门" value={<Text className={`pos-lock pos-lock-${p.doorLocked ? 'locked' : 'unlocked'}`}>{p.doorLocked ? '已锁' : '未锁'}</Text>} />
      <InfoRow label="坐标" value={`${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}（WGS-84）`} />
    </View>
  );
}

export function OnlineChip({ online }: { online: boolean }) {
  return <StatusChip label={online ? '在线' : '离线'} tone={online ? 'green' : 'grey'} hook={online ? 'chip-online' : 'chip-offline'} />;
}

export function VehicleCard({ v, busy, onClose }: { v: VehiclePosition; busy: boolean; onClose(): void }) {
  return (
    <View className={`card fleet-card fleet-card-${v.vehicleId}`}>
      <View className="item-head">
        <Text className="item-title fleet-card-plate">{formatPlate(v.plate)}</Text>
        <View className="fleet-chips">
          {busy ? <StatusChip label="出车中" tone="blue" /> : null}
          <OnlineChip online={v.online} />
        </View>
      </View>
      <PositionRows v={v} />
      <View className="item-actions">
        <View className="btn btn-ghost fleet-card-close" onClick={onClose}>收起</View>
        <View className="btn btn-primary fleet-card-detail" onClick={() => void Taro.navigateTo({ url: `/packages/fleet/detail/index?id=${v.vehicleId}` })}>车辆详情</View>
      </View>
    </View>
  );
}
