import { useMemo, useState } from 'react';
import { Map, Text } from '@tarojs/components';
import type { TrackPlotProps } from './plot-types';
import { wgs84ToGcj02 } from './geo';
import { markerIcons } from './marker-icons.weapp';
import './fleet.css';

/** WeChat: the track as the native map's polyline, converted WGS-84 → GCJ-02 (replaces track-plot.tsx). */
export function TrackPlot({ points }: TrackPlotProps) {
  const icons = useMemo(() => markerIcons(), []);
  const [failed, setFailed] = useState(false);
  const line = points.map((p) => {
    const g = wgs84ToGcj02(p);
    return { latitude: g.lat, longitude: g.lon };
  });
  const first = line[0];
  const last = line[line.length - 1];
  const markers = [
    ...(first ? [{ id: 1, ...first, iconPath: icons.start, width: 22, height: 22, title: '起点' }] : []),
    ...(last && line.length > 1 ? [{ id: 2, ...last, iconPath: icons.end, width: 22, height: 22, title: '终点' }] : []),
  ];
  const centre = first ?? { latitude: 38.0428, longitude: 114.5149 };
  if (failed) return <Text className="form-banner form-banner-error">地图加载失败，请检查网络后重新进入</Text>;
  return (
    <Map
      className="fleet-plot fleet-plot-native"
      latitude={centre.latitude}
      longitude={centre.longitude}
      scale={13}
      markers={markers}
      polyline={[{ points: line, color: '#1677ffdd', width: 5, arrowLine: true }]}
      includePoints={line}
      showScale
      onError={() => setFailed(true)}
    />
  );
}
