/**
 * H5: the F2 chart on a plain DOM canvas (Taro's H5 <Canvas> wraps one in a web component; React
 * renders the element itself here, as the fleet's SVG plot does). WeChat builds take bar-chart.weapp.tsx.
 */
import { useEffect, useRef } from 'react';
import { View } from '@tarojs/components';
import { chartHeight, type BarChartProps } from './chart-types';
import { drawBars } from './f2-bars';

export function BarChart({ hook, data, unit }: BarChartProps) {
  const box = useRef<HTMLDivElement | null>(null);
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const height = chartHeight(data.length);
  const key = JSON.stringify(data) + unit;

  useEffect(() => {
    const el = canvasRef.current;
    if (!el || !data.length) return undefined;
    const width = el.parentElement?.clientWidth || 340;
    const ratio = window.devicePixelRatio || 1;
    el.width = width * ratio;
    el.height = height * ratio;
    el.style.width = `${width}px`;
    el.style.height = `${height}px`;
    const ctx = el.getContext('2d');
    if (!ctx) return undefined;
    let chart: { destroy(): void } | null = null;
    let gone = false;
    void drawBars(ctx, data, unit, width, height, ratio).then((c) => {
      if (gone) c.destroy();
      else { chart = c; el.setAttribute('data-drawn', String(data.length)); }
    });
    return () => { gone = true; chart?.destroy(); };
    // `key` stands for data and unit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, height]);

  return (
    <View className={`bar-chart ${hook}`}>
      <div ref={box} style={{ width: '100%' }}>
        <canvas ref={canvasRef} className="bar-chart-canvas" role="img" aria-label={data.map((d) => `${d.name} ${d.value}${unit}`).join('，')} />
      </div>
    </View>
  );
}
