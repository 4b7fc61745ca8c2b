import Taro, { useLoad } from '@tarojs/taro';
import { useState } from 'react';
import { ComingSoon, type ComingSoonProps } from '../../../components/coming-soon';

/** Placeholder of the finance subpackage; `view` is the part of it a home tile asked for. */
const views: Record<string, ComingSoonProps> = {
  default: { name: '结算对账', features: ['月度对账单', '审核付款', '微信账单核对'] },
  statements: { name: '结算', features: ['月度对账单', '确认或异议'] },
};

export default function FinanceIndex() {
  const [view, setView] = useState<ComingSoonProps>(views.default);
  useLoad((params: Record<string, string | undefined>) => {
    const picked = views[params.view ?? ''] ?? views.default;
    setView(picked);
    void Taro.setNavigationBarTitle({ title: picked.name });
  });
  return <ComingSoon name={view.name} features={view.features} />;
}
