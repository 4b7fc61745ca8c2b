import { useState } from 'react';
import { Map, Text } from '@tarojs/components';
import { rowColour, type RegionMapProps } from './map-types';

/** WeChat: the native map (GCJ-02, as the rows' places are) with a labelled callout per row; this file replaces region-map.tsx in weapp builds. */
export function RegionMap({ rows, onSelect }: RegionMapProps) {
  const [failed, setFailed] = useState(false);
  const placed = rows.filter((r) => r.lat != null && r.lng != null);
  if (!placed.length) return null;
  if (failed) return <Text className="form-banner form-banner-error">地图加载失败，请检查网络后重新进入</Text>;
  const markers = placed.map((r, i) => ({
    id: i, latitude: r.lat!, longitude: r.lng!, iconPath: '', width: 1, height: 1,
    callout: { content: `${r.name} · 预警 ${r.warnings}`, color: '#ffffff', fontSize: 11, borderRadius: 4, borderWidth: 0, borderColor: '#ffffff', anchorX: 0, anchorY: 0, bgColor: rowColour(r), padding: 4, display: 'ALWAYS' as const, textAlign: 'center' as const },
  }));
  return (
    <Map
      className="region-map region-map-native"
      latitude={placed[0]!.lat!}
      longitude={placed[0]!.lng!}
      scale={9}
      markers={markers}
      includePoints={placed.map((r) => ({ latitude: r.lat!, longitude: r.lng! }))}
      showScale
      onError={() => setFailed(true)}
      onCalloutTap={(e) => { const r = placed[Number(e.detail.markerId)]; if (r) onSelect(r); }}
    />
  );
}
