import { useState } from 'react';
import Taro, { useLoad } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { requireSession } from '../../../services/session.store';
import { DeliveriesView } from '../deliveries-view';
import { ChainsView, UnitsView, UsersView } from '../directory-views';
import { TravelStandardsView, VehicleStandardsView } from '../standards-views';
import '../../../components/work.css';
import './index.css';

/**
 * 平台管理 (#17 item 8): units (kind, region, parent, address with its map point), users and their roles,
 * approval chains per unit and kind, the vehicle standards table, and the events that stopped retrying.
 * Every change goes through the API, whose audit trail records it.
 */
type AdminView = 'events' | 'units' | 'users' | 'chains' | 'standards' | 'travel';
const views: Array<{ view: AdminView; label: string }> = [
  { view: 'units', label: '单位' },
  { view: 'users', label: '用户角色' },
  { view: 'chains', label: '审批流程' },
  { view: 'standards', label: '配备标准' },
  { view: 'travel', label: '差旅标准' },
  { view: 'events', label: '事件投递' },
];

export default function AdminIndex() {
  const [view, setView] = useState<AdminView>('events');
  useLoad((params: Record<string, string | undefined>) => {
    if (!requireSession()) return;
    const picked = views.find((v) => v.view === params.view)?.view ?? 'events';
    setView(picked);
  });
  function pick(v: AdminView): void {
    setView(v);
    void Taro.setNavigationBarTitle({ title: views.find((x) => x.view === v)!.label });
  }
  return (
    <View className={`page admin-page admin-view-${view}`}>
      <View className="tabs admin-views">
        {views.map((v) => (
          <View key={v.view} className={`tab admin-view-tab-${v.view}${v.view === view ? ' is-active' : ''}`} onClick={() => pick(v.view)}>{v.label}</View>
        ))}
      </View>
      {view === 'events' ? <DeliveriesView /> : null}
      {view === 'units' ? <UnitsView /> : null}
      {view === 'users' ? <UsersView /> : null}
      {view === 'chains' ? <ChainsView /> : null}
      {view === 'standards' ? <VehicleStandardsView /> : null}
      {view === 'travel' ? <TravelStandardsView /> : null}
    </View>
  );
}
