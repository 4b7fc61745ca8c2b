import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { DeliveryStatus } from '@shared/events/domain-events';
import { aggregateLabel, deliveryStatusLabel, eventTypeLabel, subscriberLabel, type EventDeliveryView } from '@shared/events/events.schemas';
import { fetchDeliveries, retryDelivery } from '../../services/events.api';
import { usePagedList } from '../../components/use-paged-list';
import { ListFooter } from '../../components/list-footer';
import { Loading } from '../../components/loading';
import { Empty } from '../../components/empty';
import { ErrorBlock } from '../../components/error-block';
import { StatusChip } from '../../components/status-chip';
import { formatShanghai } from '../../utils/format';
import '../../components/work.css';
import './index/index.css';

/**
 * 平台运维 → 事件投递: what one capability told another (a trip billed to settlement, a WeChat message)
 * and could not be delivered after every retry. The platform admin sees the last error and retries it
 * once the cause is mended; 待投递 shows what is still being retried.
 */
const tabs: Array<{ status: DeliveryStatus; label: string }> = [
  { status: 'dead', label: '已放弃' },
  { status: 'pending', label: '待投递' },
];

export function DeliveriesView() {
  const [status, setStatus] = useState<DeliveryStatus>('dead');
  const fetchPage = useCallback((page: number) => fetchDeliveries(status, page), [status]);
  const list = usePagedList(fetchPage);
  const [busyId, setBusyId] = useState<number | null>(null);

  async function retry(d: EventDeliveryView): Promise<void> {
    const answer = await Taro.showModal({ title: '重试投递', content: `重新投递「${eventTypeLabel[d.type] ?? d.type}」给${subscriberLabel[d.subscriber] ?? d.subscriber}？`, confirmText: '重试' });
    if (!answer.confirm) return;
    setBusyId(d.id);
    try {
      const after = await retryDelivery(d.id);
      void Taro.showToast({ title: after.status === 'done' ? '已投递' : '已重新排队', icon: 'success' });
      await list.reload();
    } catch {
      // The http client showed the server's message.
    } finally {
      setBusyId(null);
    }
  }

  return (
    <View className="admin-deliveries">
      <View className="work-header">
        <View>
          <Text className="work-header-title">事件投递</Text>
          <Text className="work-header-sub">各业务之间的通知（计费、微信消息等）多次重试仍失败的，修复原因后可重试</Text>
        </View>
      </View>
      <View className="tabs admin-tabs">
        {tabs.map((t) => (
          <View key={t.status} className={`tab admin-tab-${t.status}${t.status === status ? ' is-active' : ''}`} onClick={() => setStatus(t.status)}>{t.label}</View>
        ))}
      </View>
      {list.error && !list.items.length ? <ErrorBlock error={list.error} onRetry={() => void list.reload()} /> : null}
      {list.loading && !list.items.length ? <Loading /> : null}
      {!list.loading && !list.error && !list.items.length ? (
        <Empty title={status === 'dead' ? '没有放弃的投递' : '没有待投递的事件'} hint="业务之间的通知都已送达" />
      ) : null}
      <View className="delivery-list">
        {list.items.map((d) => (
          <View key={d.id} className={`item-card delivery-item delivery-${d.id}`}>
            <View className="item-head">
              <Text className="item-title">{eventTypeLabel[d.type] ?? d.type}</Text>
              <StatusChip label={deliveryStatusLabel[d.status]} tone={d.status === 'dead' ? 'red' : d.status === 'pending' ? 'orange' : 'green'} hook="delivery-status" />
            </View>
            <Text className="item-line">接收方：{subscriberLabel[d.subscriber] ?? d.subscriber} · 已尝试 {d.attempts} 次</Text>
            <Text className="item-line">发生于 {formatShanghai(d.occurredAt)}{d.status === 'pending' ? ` · 下次 ${formatShanghai(d.nextAttemptAt)}` : ''}</Text>
            <Text className="item-line">对象：{aggregateLabel[d.aggregateType] ?? d.aggregateType} {d.aggregateType === 'notification' ? '' : d.aggregateId}</Text>
            {d.lastError ? <Text className="delivery-error">最后一次错误：{d.lastError}</Text> : null}
            {d.status === 'dead' ? (
              <View className="item-actions">
                <View className={`btn btn-primary delivery-retry${busyId === d.id ? ' is-busy' : ''}`} onClick={() => { if (busyId == null) void retry(d); }}>
                  {busyId === d.id ? '重试中…' : '重试'}
                </View>
              </View>
            ) : null}
          </View>
        ))}
      </View>
      <ListFooter loading={list.loading} hasMore={list.hasMore} count={list.items.length} onMore={list.loadMore} />
    </View>
  );
}
