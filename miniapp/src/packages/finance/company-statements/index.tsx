import { useCallback, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { StatementStatus } from '@shared/settlement/settlement.schemas';
import { listStatements } from '../../../services/settlement.api';
import { requireSession } from '../../../services/session.store';
import { usePagedList } from '../../../components/use-paged-list';
import { ListFooter } from '../../../components/list-footer';
import { Loading } from '../../../components/loading';
import { Empty } from '../../../components/empty';
import { ErrorBlock } from '../../../components/error-block';
import { MessageBell } from '../../../components/message-bell';
import { StatementCard } from '../statement-card';
import '../../../components/work.css';
import '../finance.css';

/** 租赁企业 / 服务商: our monthly statements, one per billed unit, newest first → a statement to confirm or dispute. */
type Tab = { key: string; label: string; status?: StatementStatus };
const tabs: Tab[] = [
  { key: 'draft', label: '待确认', status: 'draft' },
  { key: 'disputed', label: '有异议', status: 'disputed' },
  { key: 'all', label: '全部' },
];

export default function CompanyStatementsPage() {
  const [tab, setTab] = useState<Tab>(tabs[0]!);
  const fetchPage = useCallback((page: number) => listStatements({ page, status: tab.status }), [tab]);
  const list = usePagedList(fetchPage);
  useDidShow(() => { requireSession(); });

  return (
    <View className="page company-statements-page">
      <View className="work-header">
        <View>
          <Text className="work-header-title">月度结算单</Text>
          <Text className="work-header-sub">每个结算单位一张，逐条核对订单，确认或提出异议</Text>
        </View>
        <MessageBell light />
      </View>
      <View className="tabs company-statement-tabs">
        {tabs.map((t) => (
          <View key={t.key} className={`tab company-tab-${t.key}${t.key === tab.key ? ' is-active' : ''}`} onClick={() => setTab(t)}>{t.label}</View>
        ))}
      </View>
      {list.error && !list.items.length ? <ErrorBlock error={list.error} onRetry={() => void list.reload()} /> : null}
      {list.loading && !list.items.length ? <Loading /> : null}
      {!list.loading && !list.error && !list.items.length ? (
        <Empty
          title={tab.status ? `暂无${tab.label}的结算单` : '暂无结算单'}
          hint={tab.status === 'draft' ? '每月初财务生成上月结算单后会出现在这里' : '下拉可刷新'}
        />
      ) : null}
      <View className="statement-list">
        {list.items.map((s) => <StatementCard key={s.id} s={s} showCompany={false} />)}
      </View>
      <ListFooter loading={list.loading} hasMore={list.hasMore} count={list.items.length} onMore={list.loadMore} />
    </View>
  );
}
