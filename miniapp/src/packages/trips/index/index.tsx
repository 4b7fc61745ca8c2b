import Taro, { useLoad } from '@tarojs/taro';
import { useState } from 'react';
import { ComingSoon, type ComingSoonProps } from '../../../components/coming-soon';

/** Placeholder of the trips subpackage; `view` is the part of it a home tile asked for. */
const views: Record<string, ComingSoonProps> = {
  default: { name: '公务出行', features: ['用车申请', '我的行程'] },
  history: { name: '历史记录', features: ['我的行程', '租赁记录', '预订记录', '费用明细'] },
};

export default function TripsIndex() {
  const [view, setView] = useState<ComingSoonProps>(views.default);
  useLoad((params: Record<string, string | undefined>) => {
    const picked = views[params.view ?? ''] ?? views.default;
    setView(picked);
    void Taro.setNavigationBarTitle({ title: picked.name });
  });
  return <ComingSoon name={view.name} features={view.features} />;
}
