import { Axis, Canvas, Chart, Interval, jsx, TextGuide } from '@antv/f2';
import type { BarDatum } from './chart-types';

const BLUE = '#1677ff';
/** F2's element factory, typed loosely: its generic component classes do not fit its own ElementType. */
const h = jsx as unknown as (type: unknown, props: Record<string, unknown>) => { props: unknown };

/**
 * The F2 element tree of a horizontal bar chart (F2 5 is JSX-based; its own `jsx` builds the tree so
 * this file needs no second JSX runtime beside React's). Labels show the value and its unit.
 */
export function barChartTree(context: CanvasRenderingContext2D, data: BarDatum[], unit: string, width: number, height: number, pixelRatio: number) {
  // F2 draws the first category at the bottom of a transposed chart; reversed, the list reads top-down.
  const rows = [...data].reverse().map((d) => ({ ...d, colour: d.colour ?? BLUE }));
  const max = Math.max(1, ...rows.map((r) => r.value));
  const chart = h(Chart, {
    data: rows,
    coord: { transposed: true },
    scale: { value: { min: 0, max: max * 1.25, tickCount: 3, nice: false }, name: { range: [0.5 / rows.length, 1 - 0.5 / rows.length] } },
    children: [
      h(Axis, { field: 'name', style: { label: { fontSize: 11, fill: '#4e5969' } } }),
      h(Axis, { field: 'value', visible: false }),
      h(Interval, { x: 'name', y: 'value', color: { field: 'colour', callback: (c: string) => c }, style: { radius: [0, 3, 3, 0] }, sizeRatio: 0.6 }),
      ...rows.map((r) => h(TextGuide, {
        records: [{ name: r.name, value: r.value }], content: `${r.value}${unit}`, offsetX: 4,
        style: { fill: '#1f2329', fontSize: 11, textAlign: 'start', textBaseline: 'middle' },
      })),
    ],
  });
  return h(Canvas, { context, pixelRatio, width, height, animate: false, children: chart });
}

/** Renders (or re-renders) the chart on a 2d context; returns what to destroy when the view goes. */
export async function drawBars(context: CanvasRenderingContext2D, data: BarDatum[], unit: string, width: number, height: number, pixelRatio: number): Promise<{ destroy(): void }> {
  const { props } = barChartTree(context, data, unit, width, height, pixelRatio) as unknown as { props: ConstructorParameters<typeof Canvas>[0] };
  const canvas = new Canvas(props);
  await canvas.render();
  return canvas;
}
