/** WeChat: the same F2 chart on a 2d <Canvas> node, found by its id once the page has laid it out. */
import { useEffect } from 'react';
import Taro from '@tarojs/taro';
import { Canvas, View } from '@tarojs/components';
import { chartHeight, type BarChartProps } from './chart-types';
import { drawBars } from './f2-bars';

export function BarChart({ hook, data, unit }: BarChartProps) {
  const height = chartHeight(data.length);
  const key = JSON.stringify(data) + unit;
  useEffect(() => {
    if (!data.length) return undefined;
    let chart: { destroy(): void } | null = null;
    let gone = false;
    Taro.nextTick(() => {
      Taro.createSelectorQuery().select(`#${hook}`).fields({ node: true, size: true }).exec((res: Array<{ node: { getContext(k: '2d'): CanvasRenderingContext2D; width: number; height: number }; width: number; height: number } | null>) => {
        const found = res[0];
        if (!found || gone) return;
        const ratio = Taro.getSystemInfoSync().pixelRatio;
        found.node.width = found.width * ratio;
        found.node.height = found.height * ratio;
        void drawBars(found.node.getContext('2d'), data, unit, found.width, found.height, ratio).then((c) => { if (gone) c.destroy(); else chart = c; });
      });
    });
    return () => { gone = true; chart?.destroy(); };
    // `key` stands for data and unit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return (
    <View className={`bar-chart ${hook}`}>
      <Canvas type="2d" id={hook} style={{ width: '100%', height: `${height}px` }} />
    </View>
  );
}
