import { useCallback, useState } from 'react';
import { View } from '@tarojs/components';
import type { WarningStatus } from '../../services/supervision.api';
import { listWarnings } from '../../services/supervision.api';
import { usePagedList } from '../../components/use-paged-list';
import { ListFooter } from '../../components/list-footer';
import { Loading } from '../../components/loading';
import { Empty } from '../../components/empty';
import { ErrorBlock } from '../../components/error-block';
import { WarningCard } from './warning-card';

/** The loop's states as tabs: what waits for the viewer first. */
const tabs: Array<{ key: string; label: string; status?: WarningStatus }> = [
  { key: 'all', label: '全部' },
  { key: 'open', label: '待核查', status: 'open' },
  { key: 'checked', label: '已核查', status: 'checked' },
  { key: 'appealed', label: '申诉中', status: 'appealed' },
  { key: 'confirmed', label: '待通报', status: 'confirmed' },
  { key: 'published', label: '已通报', status: 'published' },
  { key: 'revoked', label: '已撤销', status: 'revoked' },
];

/**
 * Warnings in the viewer's scope (the unit's own for its fleet admin; a region and below for a
 * supervisor), narrowed to a region or a unit when drilled down, by the state of their loop.
 */
export function WarningList({ regionCode, unitId, emptyHint, initial = 'all' }: { regionCode?: string; unitId?: number; emptyHint: string; initial?: string }) {
  const [tab, setTab] = useState(tabs.find((t) => t.key === initial) ?? tabs[0]!);
  const fetchPage = useCallback((page: number) => listWarnings({ page, status: tab.status, regionCode, unitId }), [tab, regionCode, unitId]);
  const list = usePagedList(fetchPage);
  return (
    <View className="warning-list">
      <View className="tabs warning-tabs">
        {tabs.map((t) => (
          <View key={t.key} className={`tab warning-tab-${t.key}${t.key === tab.key ? ' is-active' : ''}`} onClick={() => setTab(t)}>{t.label}</View>
        ))}
      </View>
      {list.error && !list.items.length ? <ErrorBlock error={list.error} onRetry={() => void list.reload()} /> : null}
      {list.loading && !list.items.length ? <Loading /> : null}
      {!list.loading && !list.error && !list.items.length ? (
        <Empty title={tab.status ? `没有「${tab.label}」的预警` : '暂无预警'} hint={tab.status ? '切换到「全部」查看其他预警' : emptyHint} />
      ) : null}
      {list.items.map((w) => <WarningCard key={w.id} w={w} showUnit={unitId == null} />)}
      <ListFooter loading={list.loading} hasMore={list.hasMore} count={list.items.length} onMore={list.loadMore} />
    </View>
  );
}
