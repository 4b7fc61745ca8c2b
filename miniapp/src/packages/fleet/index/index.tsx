import Taro, { useLoad } from '@tarojs/taro';
import { useState } from 'react';
import { ComingSoon, type ComingSoonProps } from '../../../components/coming-soon';

/** Placeholder of the fleet subpackage; `view` is the part of it a home tile asked for. */
const views: Record<string, ComingSoonProps> = {
  default: { name: '车辆管理', features: ['车辆位置', '车辆档案'] },
  map: { name: '车辆位置', features: ['在线车辆', '实时位置', '空闲/忙碌'] },
  vehicles: { name: '车辆档案', features: ['车辆', '驾驶员', '终端', '更新与处置'] },
};

export default function FleetIndex() {
  const [view, setView] = useState<ComingSoonProps>(views.default);
  useLoad((params: Record<string, string | undefined>) => {
    const picked = views[params.view ?? ''] ?? views.default;
    setView(picked);
    void Taro.setNavigationBarTitle({ title: picked.name });
  });
  return <ComingSoon name={view.name} features={view.features} />;
}
