import Taro, { useLoad } from '@tarojs/taro';
import { useState } from 'react';
import { View } from '@tarojs/components';
import { requireSession } from '../../../services/session.store';
import { MapView } from '../map-view';
import { VehiclesView } from '../vehicles-view';
import { RegistryView } from '../registry-view';
import '../../../components/work.css';
import '../fleet.css';

/** The fleet subpackage's entry: `view=map` 车辆位置 (default) or `view=vehicles` 车辆档案 (home tiles). */
type FleetView = 'map' | 'vehicles' | 'registry';
const titles: Record<FleetView, string> = { map: '车辆位置', vehicles: '车辆档案', registry: '编制与申请' };

export default function FleetIndex() {
  const [view, setView] = useState<FleetView | null>(null);
  useLoad((params: Record<string, string | undefined>) => {
    if (!requireSession()) return;
    const picked: FleetView = params.view === 'vehicles' || params.view === 'registry' ? params.view : 'map';
    setView(picked);
    void Taro.setNavigationBarTitle({ title: titles[picked] });
  });
  return (
    <View className={`page fleet-page fleet-view-${view ?? 'none'}`}>
      {view === 'map' ? <MapView /> : null}
      {view === 'vehicles' ? <VehiclesView /> : null}
      {view === 'registry' ? <RegistryView /> : null}
    </View>
  );
}
