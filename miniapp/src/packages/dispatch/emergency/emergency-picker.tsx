import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { Candidates } from '@shared/trips/dispatch.schemas';
import { vehicleCategoryLabel } from '@shared/fleet/fleet.schemas';
import { formatPlate } from '../../../utils/format';

/**
 * Picks `limit` cars and as many drivers for an emergency, in order (the n-th car goes with the n-th driver).
 * Cars busy in the window stay pickable when an emergency may take them from a lower-priority booking; the
 * server decides, and refuses without writing anything when it may not.
 */
export function EmergencyPicker({ cands, limit, vehicles, drivers, onVehicles, onDrivers }: {
  cands: Candidates; limit: number; vehicles: number[]; drivers: number[]; onVehicles: (v: number[]) => void; onDrivers: (v: number[]) => void;
}) {
  function toggle(list: number[], set: (v: number[]) => void, value: number): void {
    if (list.includes(value)) set(list.filter((x) => x !== value));
    else if (list.length < limit) set([...list, value]);
    else if (limit === 1) set([value]);
    else void Taro.showToast({ title: `本行程需 ${limit} 辆车，已选满`, icon: 'none' });
  }
  // Busy is not a bar for an emergency (it may pre-empt); an expired licence, too few seats or a wrong category is.
  const onlyBusy = (reasons: string[]) => reasons.every((r) => r === '该时段已被占用' || r === '该时段已有任务');
  return (
    <>
      <View className="card emergency-vehicles">
        <Text className="card-title">选择车辆（{vehicles.length}/{limit}）</Text>
        {cands.vehicles.map((v) => {
          const ok = v.eligible || onlyBusy(v.reasons);
          return (
            <View key={v.id} className={`pick-row pick-vehicle pick-vehicle-${v.id}${vehicles.includes(v.id) ? ' is-active' : ''}${ok ? '' : ' is-disabled'}`} onClick={() => ok && toggle(vehicles, onVehicles, v.id)}>
              <View className="pick-main">
                <Text className="pick-title">{formatPlate(v.plate)} <Text className="muted">{v.brandModel}</Text></Text>
                <Text className="pick-sub">{vehicleCategoryLabel[v.category]} · {v.seats} 座</Text>
                {v.reasons.length ? <Text className="pick-reason">{v.reasons.join('；')}{ok ? '（紧急调度可调用）' : ''}</Text> : null}
              </View>
              <Text className="pick-mark">{vehicles.includes(v.id) ? `第 ${vehicles.indexOf(v.id) + 1} 辆` : v.eligible ? '空闲' : ok ? '占用' : '不可派'}</Text>
            </View>
          );
        })}
      </View>
      <View className="card emergency-drivers">
        <Text className="card-title">选择驾驶员（{drivers.length}/{limit}）</Text>
        {cands.drivers.map((d) => {
          const ok = d.eligible || onlyBusy(d.reasons);
          return (
            <View key={d.id} className={`pick-row pick-driver pick-driver-${d.id}${drivers.includes(d.id) ? ' is-active' : ''}${ok ? '' : ' is-disabled'}`} onClick={() => ok && toggle(drivers, onDrivers, d.id)}>
              <View className="pick-main">
                <Text className="pick-title">{d.name} <Text className="muted">{d.phone ?? d.phoneMasked}</Text></Text>
                <Text className="pick-sub">驾驶证有效期至 {d.licenceExpires}</Text>
                {d.reasons.length ? <Text className="pick-reason">{d.reasons.join('；')}{ok ? '（紧急调度可调用）' : ''}</Text> : null}
              </View>
              <Text className="pick-mark">{drivers.includes(d.id) ? `第 ${drivers.indexOf(d.id) + 1} 辆` : d.eligible ? '空闲' : ok ? '有任务' : '不可派'}</Text>
            </View>
          );
        })}
      </View>
    </>
  );
}
