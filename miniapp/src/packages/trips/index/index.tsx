import { useCallback, useState } from 'react';
import Taro, { useDidShow, useLoad } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { TripStatus } from '@shared/trips/trips.schemas';
import { listTrips } from '../../../services/trips.api';
import { requireSession } from '../../../services/session.store';
import { usePagedList } from '../../../components/use-paged-list';
import { ListFooter } from '../../../components/list-footer';
import { Loading } from '../../../components/loading';
import { Empty } from '../../../components/empty';
import { ErrorBlock } from '../../../components/error-block';
import { MessageBell } from '../../../components/message-bell';
import { TripCard } from '../trip-card';
import '../../../components/work.css';
import './index.css';

/** 我的行程 (default) or 历史记录 (view=history): my requests with their state, newest first. */
type Tab = { key: string; label: string; status?: TripStatus };
const activeTabs: Tab[] = [
  { key: 'all', label: '全部' },
  { key: 'pending_approval', label: '审批中', status: 'pending_approval' },
  { key: 'approved', label: '待派车', status: 'approved' },
  { key: 'dispatched', label: '已派车', status: 'dispatched' },
  { key: 'in_progress', label: '行程中', status: 'in_progress' },
  { key: 'reviewed', label: '待确认', status: 'reviewed' },
  { key: 'confirmed', label: '待评价', status: 'confirmed' },
];
const historyTabs: Tab[] = [
  { key: 'completed', label: '已完成', status: 'completed' },
  { key: 'cancelled', label: '已取消', status: 'cancelled' },
  { key: 'rejected', label: '已驳回', status: 'rejected' },
  { key: 'all', label: '全部' },
];

export default function TripsIndex() {
  const [history, setHistory] = useState(false);
  const [tab, setTab] = useState<Tab>(activeTabs[0]!);

  const fetchPage = useCallback((page: number) => listTrips({ page, mine: true, status: tab.status }), [tab]);
  const list = usePagedList(fetchPage);

  useLoad((params: Record<string, string | undefined>) => {
    if (params.view === 'history') {
      setHistory(true);
      setTab(historyTabs[0]!);
      void Taro.setNavigationBarTitle({ title: '历史记录' });
    }
  });
  useDidShow(() => { requireSession(); });

  const tabs = history ? historyTabs : activeTabs;
  function pick(t: Tab): void {
    if (t.key === tab.key) return;
    setTab(t);
  }

  return (
    <View className={`page trips-page ${history ? 'trips-history' : 'trips-mine'}`}>
      <View className="work-header">
        <View>
          <Text className="work-header-title">{history ? '历史记录' : '我的行程'}</Text>
          <Text className="work-header-sub">{history ? '已结束的公务用车记录与费用' : '用车申请的审批、派车与出行进度'}</Text>
        </View>
        <MessageBell light />
      </View>
      <View className="tabs trips-tabs">
        {tabs.map((t) => (
          <View key={t.key} className={`tab trips-tab-${t.key}${t.key === tab.key ? ' is-active' : ''}`} onClick={() => pick(t)}>{t.label}</View>
        ))}
      </View>

      {list.error && !list.items.length ? <ErrorBlock error={list.error} onRetry={() => void list.reload()} /> : null}
      {list.loading && !list.items.length ? <Loading /> : null}
      {!list.loading && !list.error && !list.items.length ? (
        history
          ? <Empty title="暂无记录" hint="行程结束后会出现在这里" />
          : <Empty title="暂无用车申请" hint="点击「新建申请」填写时间、地点和事由，提交后由审批人审批" actionText="新建申请" onAction={() => void Taro.navigateTo({ url: '/packages/trips/new/index' })} />
      ) : null}
      <View className="trips-list">
        {list.items.map((t) => <TripCard key={t.id} trip={t} />)}
      </View>
      <ListFooter loading={list.loading} hasMore={list.hasMore} count={list.items.length} onMore={list.loadMore} />
      {history ? (
        <View className="card trips-history-more">
          <Text className="muted">分时租赁与酒店、餐饮、票务的记录在「分时租赁」「酒店餐饮票务」中查看。</Text>
        </View>
      ) : (
        <View className="fab trips-new" onClick={() => void Taro.navigateTo({ url: '/packages/trips/new/index' })}>＋ 新建申请</View>
      )}
    </View>
  );
}
