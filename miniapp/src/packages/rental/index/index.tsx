import Taro, { useLoad } from '@tarojs/taro';
import { useState } from 'react';
import { ComingSoon, type ComingSoonProps } from '../../../components/coming-soon';

/** Placeholder of the rental subpackage; `view` is the part of it a home tile asked for. */
const views: Record<string, ComingSoonProps> = {
  default: { name: '分时租赁', features: ['附近车辆', '预约用车', '开锁还车'] },
};

export default function RentalIndex() {
  const [view, setView] = useState<ComingSoonProps>(views.default);
  useLoad((params: Record<string, string | undefined>) => {
    // The operator's orders are their own page (packages/rental/orders); old links still land there.
    if (params.view === 'orders') {
      void Taro.redirectTo({ url: '/packages/rental/orders/index' });
      return;
    }
    const picked = views[params.view ?? ''] ?? views.default;
    setView(picked);
    void Taro.setNavigationBarTitle({ title: picked.name });
  });
  return <ComingSoon name={view.name} features={view.features} />;
}
