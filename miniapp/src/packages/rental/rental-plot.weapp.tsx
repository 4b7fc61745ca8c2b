import { useState } from 'react';
import { Map, Text } from '@tarojs/components';
import { wgs84ToGcj02 } from '../fleet/geo';
import { formatPlate } from '../../utils/format';
import type { RentalPlotProps } from './plot-types';
import './rental.css';

/**
 * WeChat: the native map (this file replaces rental-plot.tsx in weapp builds) with the stations'
 * fences as circles or polygons and a marker per car; WGS-84 converted to WeChat's GCJ-02 here.
 */
const g = (p: { lat: number; lng: number }) => wgs84ToGcj02({ lat: p.lat, lon: p.lng });

export function RentalPlot({ cars, stations, me, selectedId, onSelect }: RentalPlotProps) {
  const [failed, setFailed] = useState(false);
  const placed = cars.flatMap((c) => (c.position ? [{ c, at: g(c.position) }] : []));
  const centre = placed.find(({ c }) => c.id === selectedId)?.at ?? (me ? g(me) : null) ?? placed[0]?.at ?? g({ lat: 38.0428, lng: 114.5149 });
  const markers = placed.map(({ c, at }) => ({
    id: c.id, latitude: at.lat, longitude: at.lon, width: c.id === selectedId ? 26 : 20, height: c.id === selectedId ? 26 : 20,
    iconPath: '',
    label: { content: formatPlate(c.plate), color: '#1f2329', fontSize: 11, anchorX: -28, anchorY: 2, borderWidth: 0, borderColor: '#ffffff', borderRadius: 4, bgColor: '#ffffffcc', padding: 2, textAlign: 'center' as const },
  }));
  const circles = stations.flatMap((s) => (s.fence.kind === 'circle'
    ? [{ latitude: g(s.fence.center).lat, longitude: g(s.fence.center).lon, radius: s.fence.radiusM, color: '#1677ffcc', fillColor: '#1677ff22', strokeWidth: 1 }]
    : []));
  const polygons = stations.flatMap((s) => (s.fence.kind === 'polygon'
    ? [{ points: s.fence.points.map((p) => ({ latitude: g(p).lat, longitude: g(p).lon })), strokeColor: '#1677ffcc', fillColor: '#1677ff22', strokeWidth: 1 }]
    : []));
  if (failed) return <Text className="form-banner form-banner-error">地图加载失败，请检查网络后重新进入</Text>;
  return (
    <Map
      className="fleet-plot fleet-plot-native rental-plot"
      latitude={centre.lat}
      longitude={centre.lon}
      scale={14}
      markers={markers}
      circles={circles}
      polygons={polygons}
      showLocation={!!me}
      showScale
      onError={() => setFailed(true)}
      onMarkerTap={(e) => onSelect(Number(e.detail.markerId))}
    />
  );
}
