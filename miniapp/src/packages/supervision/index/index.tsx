import Taro, { useLoad } from '@tarojs/taro';
import { useState } from 'react';
import { View } from '@tarojs/components';
import { requireSession } from '../../../services/session.store';
import { Dashboard } from '../dashboard';
import { UnitWarnings } from '../unit-warnings';
import '../../../components/work.css';
import '../../../components/receipts-card.css';
import '../../fleet/fleet.css';
import '../supervision.css';

/** The supervision subpackage's entry: 监管看板 for supervisors (default), `view=warnings` 预警 for a unit's fleet admin. */
type SupervisionView = 'dashboard' | 'warnings';
const titles: Record<SupervisionView, string> = { dashboard: '监管看板', warnings: '预警' };

export default function SupervisionIndex() {
  const [view, setView] = useState<SupervisionView | null>(null);
  useLoad((params: Record<string, string | undefined>) => {
    if (!requireSession()) return;
    const picked: SupervisionView = params.view === 'warnings' ? 'warnings' : 'dashboard';
    setView(picked);
    void Taro.setNavigationBarTitle({ title: titles[picked] });
  });
  return (
    <View className={`page supervision-page supervision-view-${view ?? 'none'}`}>
      {view === 'dashboard' ? <Dashboard /> : null}
      {view === 'warnings' ? <UnitWarnings /> : null}
    </View>
  );
}
