import { useMemo, useState } from 'react';
import { Map, Text } from '@tarojs/components';
import type { FleetPlotProps } from './plot-types';
import { wgs84ToGcj02 } from './geo';
import { formatPlate } from '../../utils/format';
import { markerIcons } from './marker-icons.weapp';
import './fleet.css';

/**
 * WeChat: the native map with one marker per vehicle (this file replaces fleet-plot.tsx in weapp
 * builds). Positions are WGS-84 from the terminals; WeChat's map is GCJ-02, so they are converted here.
 */
export function FleetPlot({ vehicles, selectedId, onSelect }: FleetPlotProps) {
  const icons = useMemo(() => markerIcons(), []);
  const [failed, setFailed] = useState(false);
  const placed = vehicles.flatMap((v) => (v.position ? [{ v, g: wgs84ToGcj02(v.position) }] : []));
  const centre = placed.find(({ v }) => v.vehicleId === selectedId)?.g ?? placed[0]?.g ?? wgs84ToGcj02({ lat: 38.0428, lon: 114.5149 });
  const markers = placed.map(({ v, g }) => ({
    id: v.vehicleId,
    latitude: g.lat,
    longitude: g.lon,
    iconPath: v.online ? icons.online : icons.offline,
    width: v.vehicleId === selectedId ? 26 : 20,
    height: v.vehicleId === selectedId ? 26 : 20,
    label: {
      content: formatPlate(v.plate), color: '#1f2329', fontSize: 11, anchorX: -28, anchorY: 2, borderWidth: 0, borderColor: '#ffffff',
      borderRadius: 4, bgColor: '#ffffffcc', padding: 2, textAlign: 'center' as const,
    },
  }));
  if (failed) return <Text className="form-banner form-banner-error">地图加载失败，请检查网络后重新进入</Text>;
  return (
    <Map
      className="fleet-plot fleet-plot-native"
      latitude={centre.lat}
      longitude={centre.lon}
      scale={12}
      markers={markers}
      includePoints={placed.map(({ g }) => ({ latitude: g.lat, longitude: g.lon }))}
      showScale
      onError={() => setFailed(true)}
      onMarkerTap={(e) => onSelect(Number(e.detail.markerId))}
    />
  );
}
