import Taro, { useLoad } from '@tarojs/taro';
import { useState } from 'react';
import { ComingSoon, type ComingSoonProps } from '../../../components/coming-soon';

/** Placeholder of the driver subpackage; `view` is the part of it a home tile asked for. */
const views: Record<string, ComingSoonProps> = {
  default: { name: '我的任务', features: ['接单', '出车', '到达', '收车'] },
};

export default function DriverIndex() {
  const [view, setView] = useState<ComingSoonProps>(views.default);
  useLoad((params: Record<string, string | undefined>) => {
    const picked = views[params.view ?? ''] ?? views.default;
    setView(picked);
    void Taro.setNavigationBarTitle({ title: picked.name });
  });
  return <ComingSoon name={view.name} features={view.features} />;
}
