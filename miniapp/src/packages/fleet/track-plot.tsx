/** H5: the track as an SVG polyline with start and end marks (WeChat: track-plot.weapp.tsx). */
import { View } from '@tarojs/components';
import type { TrackPlotProps } from './plot-types';
import { PlotFrame } from './fleet-plot';
import { fitProjection } from './geo';
import './fleet.css';

const W = 350;
const H = 300;

function Mark({ x, y, colour, text, hook }: { x: number; y: number; colour: string; text: string; hook: string }) {
  return (
    <g className={hook}>
      <circle cx={x} cy={y} r={9} fill={colour} stroke="#ffffff" strokeWidth={2} />
      <text x={x} y={y + 4} fontSize={10} fill="#ffffff" textAnchor="middle">{text}</text>
    </g>
  );
}

export function TrackPlot({ points }: TrackPlotProps) {
  const proj = fitProjection(points, W, H, 30, 500);
  const xy = points.map((p) => proj.project(p));
  const first = xy[0];
  const last = xy[xy.length - 1];
  return (
    <View className="fleet-plot">
      <svg className="fleet-plot-svg track-plot-svg" viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label="行驶轨迹示意图">
        <PlotFrame proj={proj} />
        <polyline className="track-line" points={xy.map(({ x, y }) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}
          fill="none" stroke="#1677ff" strokeWidth={3} strokeLinejoin="round" strokeLinecap="round" />
        {first ? <Mark x={first.x} y={first.y} colour="#00b578" text="起" hook="track-start" /> : null}
        {last && xy.length > 1 ? <Mark x={last.x} y={last.y} colour="#fa5151" text="终" hook="track-end" /> : null}
      </svg>
    </View>
  );
}
