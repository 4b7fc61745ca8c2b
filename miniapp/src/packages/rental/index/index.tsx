import Taro, { useLoad } from '@tarojs/taro';
import { useState } from 'react';
import { ComingSoon, type ComingSoonProps } from '../../../components/coming-soon';

/** Placeholder of the rental subpackage; `view` is the part of it a home tile asked for. */
const views: Record<string, ComingSoonProps> = {
  default: { name: '分时租赁', features: ['附近车辆', '预约用车', '开锁还车'] },
  orders: { name: '租赁企业订单', features: ['受理订单', '派车派驾', '网点与车辆', '故障上报'] },
};

export default function RentalIndex() {
  const [view, setView] = useState<ComingSoonProps>(views.default);
  useLoad((params: Record<string, string | undefined>) => {
    const picked = views[params.view ?? ''] ?? views.default;
    setView(picked);
    void Taro.setNavigationBarTitle({ title: picked.name });
  });
  return <ComingSoon name={view.name} features={view.features} />;
}
