/**
 * H5: the region's sub-regions and units drawn on the fleet's plotted frame (fleet/fleet-plot.tsx:
 * grid, landmarks, scale bar, north), SVG because Taro's H5 <Map> needs Baidu Map from the internet
 * (STYLE.md). A dot grows with the vehicles it holds and is coloured by its warnings.
 */
import { View } from '@tarojs/components';
import { fitProjection } from '../fleet/geo';
import { PlotFrame } from '../fleet/fleet-plot';
import { rowHook } from './supervision-display';
import { rowColour, type RegionMapProps } from './map-types';

const W = 350;
const H = 300;

export function RegionMap({ rows, onSelect }: RegionMapProps) {
  const placed = rows.flatMap((r) => (r.lat != null && r.lng != null ? [{ r, p: { lat: r.lat, lon: r.lng } }] : []));
  if (!placed.length) return null;
  const proj = fitProjection(placed.map(({ p }) => p), W, H, 40, 3000);
  const most = Math.max(1, ...placed.map(({ r }) => r.vehicles));
  return (
    <View className="region-map">
      <svg className="region-map-svg" viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label="本地区下级区划与单位分布示意图">
        <PlotFrame proj={proj} />
        {placed.map(({ r, p }) => {
          const { x, y } = proj.project(p);
          const radius = 7 + Math.round((r.vehicles / most) * 7);
          return (
            <g key={r.key} className={`region-dot region-dot-${rowHook(r.key)}`} onClick={() => onSelect(r)} style={{ cursor: 'pointer' }}>
              <circle cx={x} cy={y} r={radius + 6} fill="transparent" />
              <circle cx={x} cy={y} r={radius} fill={rowColour(r)} fillOpacity={0.85} stroke="#ffffff" strokeWidth={2} />
              <text x={x} y={y + 4} fontSize={10} fill="#ffffff" textAnchor="middle" fontWeight={700}>{r.warnings}</text>
              <text x={x} y={y + radius + 13} fontSize={10} fill="#1f2329" textAnchor="middle" stroke="#ffffff" strokeWidth={3} paintOrder="stroke">{r.name}</text>
            </g>
          );
        })}
      </svg>
    </View>
  );
}
