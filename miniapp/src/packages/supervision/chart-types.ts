/**
 * Props of the bar chart. Each platform has its file: `bar-chart.tsx` (H5: @antv/f2 on a DOM canvas)
 * and `bar-chart.weapp.tsx` (WeChat: the same F2 chart on a 2d <Canvas> node); Taro picks the file of
 * the platform at build time, as the fleet's plotted views do.
 */
export interface BarDatum { name: string; value: number; colour?: string }

export interface BarChartProps {
  /** The chart's CSS hook, also the canvas id on WeChat. */
  hook: string;
  data: BarDatum[];
  /** What a value counts (辆, 次, 公里…), shown in the chart's label. */
  unit: string;
}

/** Height for n horizontal bars: rows of 30 px plus the axis. */
export const chartHeight = (n: number): number => Math.max(120, 36 + n * 30);
