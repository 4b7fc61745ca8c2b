/**
 * H5: stations (their fences), cars and the user drawn as SVG on the box around them, on the fleet
 * map's frame (grid, landmarks, scale, north). WeChat builds take rental-plot.weapp.tsx instead.
 * Coordinates stay WGS-84: there is no basemap to match.
 */
import { View } from '@tarojs/components';
import { PlotFrame } from '../fleet/fleet-plot';
import { fitProjection } from '../fleet/geo';
import { formatPlate } from '../../utils/format';
import type { RentalPlotProps } from './plot-types';
import './rental.css';

const W = 350;
const H = 300;
const ll = (p: { lat: number; lng: number }) => ({ lat: p.lat, lon: p.lng });

export function RentalPlot({ cars, stations, me, selectedId, onSelect, greyOffline }: RentalPlotProps) {
  const placed = cars.flatMap((c) => (c.position ? [{ c, p: c.position }] : []));
  const points = [...placed.map(({ p }) => ll(p)), ...stations.map((s) => ll(s.location)), ...(me ? [ll(me)] : [])];
  const proj = fitProjection(points, W, H, 36, 1200);
  const ordered = [...placed].sort((a, b) => Number(a.c.id === selectedId) - Number(b.c.id === selectedId));
  return (
    <View className="fleet-plot rental-plot">
      <svg className="fleet-plot-svg" viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label="网点与车辆位置示意图">
        <PlotFrame proj={proj} />
        {stations.map((s) => {
          const c = proj.project(ll(s.location));
          const fence = s.fence.kind === 'circle'
            ? (() => { const o = proj.project(ll(s.fence.center)); return <circle cx={o.x} cy={o.y} r={Math.max(4, s.fence.radiusM / proj.metresPerUnit)} />; })()
            : <polygon points={s.fence.points.map((p) => { const q = proj.project(ll(p)); return `${q.x},${q.y}`; }).join(' ')} />;
          return (
            <g key={s.id} className={`rental-station-shape rental-station-shape-${s.id}`} fill="rgba(22,119,255,0.12)" stroke="#1677ff" strokeWidth={1.5} strokeDasharray="4 3">
              {fence}
              <text x={c.x} y={c.y - 12} fontSize={10} fill="#0e5fd8" stroke="#ffffff" strokeWidth={3} paintOrder="stroke" textAnchor="middle" strokeDasharray="none">{s.name}</text>
            </g>
          );
        })}
        {me ? (() => {
          const { x, y } = proj.project(ll(me));
          return (
            <g className="rental-me">
              <circle cx={x} cy={y} r={10} fill="rgba(250,81,81,0.18)" />
              <circle cx={x} cy={y} r={5} fill="#fa5151" stroke="#ffffff" strokeWidth={2} />
              <text x={x} y={y + 20} fontSize={10} fill="#fa5151" stroke="#ffffff" strokeWidth={3} paintOrder="stroke" textAnchor="middle">我的位置</text>
            </g>
          );
        })() : null}
        {ordered.map(({ c, p }) => {
          const { x, y } = proj.project(ll(p));
          const selected = c.id === selectedId;
          const colour = c.status === 'maintenance' || (greyOffline && !c.online) ? '#8f959e' : c.status === 'available' ? '#00b578' : '#ff8f1f';
          return (
            <g key={c.id} className={`rental-car-dot rental-car-dot-${c.id}${selected ? ' is-selected' : ''}`} onClick={() => onSelect(c.id)} style={{ cursor: 'pointer' }}>
              <circle cx={x} cy={y} r={16} fill="transparent" />
              <rect x={x - 7} y={y - 5} width={14} height={10} rx={3} fill={colour} stroke={selected ? '#1677ff' : '#ffffff'} strokeWidth={selected ? 3 : 1.5} />
              <text x={x} y={y + 18} fontSize={10} fontWeight={selected ? 700 : 400} fill="#1f2329" textAnchor="middle" stroke="#ffffff" strokeWidth={3} paintOrder="stroke">{formatPlate(c.plate)}</text>
            </g>
          );
        })}
      </svg>
    </View>
  );
}
