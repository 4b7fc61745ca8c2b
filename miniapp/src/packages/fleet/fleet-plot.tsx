/**
 * H5: the vehicles drawn as SVG on the box around them (STYLE.md "Mini-program UI": Taro's <Map>
 * needs Baidu Map from the internet). WeChat builds take fleet-plot.weapp.tsx instead (Taro resolves
 * the platform file at build time), so none of this reaches the weapp bundle. Coordinates stay WGS-84
 * here: there is no basemap to match, and the landmarks are WGS-84 too.
 */
import { View } from '@tarojs/components';
import type { FleetPlotProps } from './plot-types';
import { fitProjection, landmarks, scaleBar, type Projection } from './geo';
import { formatPlate } from '../../utils/format';
import './fleet.css';

const W = 350;
const H = 300;

export function PlotFrame({ proj }: { proj: Projection }) {
  const bar = scaleBar(proj);
  return (
    <g className="plot-frame">
      <rect x={0} y={0} width={W} height={H} fill="#f2f5f9" />
      {[1, 2, 3, 4, 5, 6].map((i) => <line key={`v${i}`} x1={(W / 7) * i} y1={0} x2={(W / 7) * i} y2={H} stroke="#e3e8ef" strokeWidth={1} />)}
      {[1, 2, 3, 4, 5].map((i) => <line key={`h${i}`} x1={0} y1={(H / 6) * i} x2={W} y2={(H / 6) * i} stroke="#e3e8ef" strokeWidth={1} />)}
      {landmarks.filter((l) => proj.contains(l, 24)).map((l) => {
        const { x, y } = proj.project(l);
        const leftward = x > W - 90; // keep the name inside the view
        return (
          <g key={l.name} className="plot-landmark">
            <rect x={x - 3} y={y - 3} width={6} height={6} fill="#b6bfcc" transform={`rotate(45 ${x} ${y})`} />
            <text x={leftward ? x - 6 : x + 6} y={y + 4} fontSize={10} fill="#8a94a3" textAnchor={leftward ? 'end' : 'start'}>{l.name}</text>
          </g>
        );
      })}
      <g className="plot-scale" transform={`translate(10 ${H - 14})`}>
        <rect x={-4} y={-14} width={bar.units + 8} height={22} fill="rgba(255,255,255,0.85)" rx={3} />
        <path d={`M0 -3 V3 H${bar.units} V-3`} stroke="#4e5969" strokeWidth={1.5} fill="none" />
        <text x={bar.units / 2} y={-5} fontSize={9} fill="#4e5969" textAnchor="middle">{bar.label}</text>
      </g>
      <g className="plot-north" transform={`translate(${W - 18} 20)`}>
        <path d="M0 -12 L6 4 L0 0 L-6 4 Z" fill="#4e5969" />
        <text x={0} y={16} fontSize={9} fill="#4e5969" textAnchor="middle">北</text>
      </g>
    </g>
  );
}

export function FleetPlot({ vehicles, selectedId, onSelect }: FleetPlotProps) {
  const placed = vehicles.flatMap((v) => (v.position ? [{ v, p: v.position }] : []));
  const proj = fitProjection(placed.map(({ p }) => p), W, H, 30);
  // Selected last, so it is drawn on top.
  const ordered = [...placed].sort((a, b) => Number(a.v.vehicleId === selectedId) - Number(b.v.vehicleId === selectedId));
  return (
    <View className="fleet-plot">
      <svg className="fleet-plot-svg" viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label="车辆位置示意图">
        <PlotFrame proj={proj} />
        {ordered.map(({ v, p }) => {
          const { x, y } = proj.project(p);
          const selected = v.vehicleId === selectedId;
          const colour = v.online ? '#00b578' : '#8f959e';
          return (
            <g key={v.vehicleId} className={`fleet-dot fleet-dot-${v.vehicleId}${v.online ? ' is-online' : ' is-offline'}${selected ? ' is-selected' : ''}`}
              onClick={() => onSelect(v.vehicleId)} style={{ cursor: 'pointer' }}>
              <circle cx={x} cy={y} r={16} fill="transparent" />
              {v.online ? <path d={`M${x} ${y - 13} L${x + 4} ${y - 7} L${x - 4} ${y - 7} Z`} fill={colour} transform={`rotate(${p.direction} ${x} ${y})`} /> : null}
              <circle cx={x} cy={y} r={selected ? 8 : 6} fill={colour} stroke={selected ? '#1677ff' : '#ffffff'} strokeWidth={selected ? 3 : 2} />
              <text x={x} y={y + 19} fontSize={10} fontWeight={selected ? 700 : 400} fill="#1f2329" textAnchor="middle"
                stroke="#ffffff" strokeWidth={3} paintOrder="stroke">{formatPlate(v.plate)}</text>
            </g>
          );
        })}
      </svg>
    </View>
  );
}
