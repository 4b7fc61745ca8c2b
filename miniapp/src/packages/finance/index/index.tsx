import { useCallback, useState } from 'react';
import Taro, { useDidShow, useLoad } from '@tarojs/taro';
import { View, Text, Picker } from '@tarojs/components';
import type { StatementStatus } from '@shared/settlement/settlement.schemas';
import { generateStatements, listStatements } from '../../../services/settlement.api';
import { requireSession } from '../../../services/session.store';
import { usePagedList } from '../../../components/use-paged-list';
import { ListFooter } from '../../../components/list-footer';
import { Loading } from '../../../components/loading';
import { Empty } from '../../../components/empty';
import { ErrorBlock } from '../../../components/error-block';
import { MessageBell } from '../../../components/message-bell';
import { SubmitButton } from '../../../components/form-field';
import { formatYuan } from '../../../utils/format';
import { StatementCard } from '../statement-card';
import { formatPeriod, lastMonth } from '../finance-display';
import '../../../components/work.css';
import '../finance.css';

/**
 * 财务: the month's statements in the user's scope, one per company and billed unit → a statement;
 * generate the month (only units this finance user settles); reconciliation.
 */
type Tab = { key: string; label: string; status?: StatementStatus };
const tabs: Tab[] = [
  { key: 'all', label: '全部' },
  { key: 'draft', label: '待确认', status: 'draft' },
  { key: 'disputed', label: '有异议', status: 'disputed' },
  { key: 'confirmed', label: '待审核', status: 'confirmed' },
  { key: 'approved', label: '待付款', status: 'approved' },
  { key: 'paid', label: '已付款', status: 'paid' },
];

export default function FinanceIndex() {
  const [period, setPeriod] = useState(lastMonth());
  const [tab, setTab] = useState<Tab>(tabs[0]!);
  const [busy, setBusy] = useState(false);

  const fetchPage = useCallback((page: number) => listStatements({ page, period, status: tab.status }), [period, tab]);
  const list = usePagedList(fetchPage);

  useLoad((params: Record<string, string | undefined>) => {
    // Companies' statements are their own page; an old `?view=statements` link still lands there.
    if (params.view === 'statements') void Taro.redirectTo({ url: '/packages/finance/company-statements/index' });
  });
  useDidShow(() => { requireSession(); });

  async function generate(): Promise<void> {
    setBusy(true);
    try {
      const made = await generateStatements(period);
      void Taro.showToast({ title: made.length ? `已生成 ${made.length} 张结算单` : '没有新的待结算订单', icon: made.length ? 'success' : 'none' });
      await list.reload();
    } catch {
      // The http client showed the server's message.
    } finally {
      setBusy(false);
    }
  }

  const shownTotal = list.items.reduce((sum, s) => sum + s.totalFen, 0);
  return (
    <View className="page finance-page">
      <View className="work-header">
        <View>
          <Text className="work-header-title">结算对账</Text>
          <Text className="work-header-sub">租赁企业与服务商的月度结算单：审核、付款、导出</Text>
        </View>
        <MessageBell light />
      </View>
      <View className="period-bar">
        <Picker mode="date" fields="month" value={period} onChange={(e) => setPeriod(String(e.detail.value).slice(0, 7))}>
          <View className="period-picker finance-period">{formatPeriod(period)}<Text className="period-picker-arrow">▼</Text></View>
        </Picker>
        <SubmitButton text="生成本月结算单" busyText="生成中…" busy={busy} onClick={() => void generate()} hook="finance-generate" />
      </View>
      <View className="finance-summary">
        <View className="finance-summary-item"><Text className="finance-summary-value">{list.total}</Text><Text className="finance-summary-label">结算单</Text></View>
        <View className="finance-summary-item"><Text className="finance-summary-value finance-shown-total">{formatYuan(shownTotal)}</Text><Text className="finance-summary-label">{list.hasMore ? '已加载合计' : '合计金额'}</Text></View>
      </View>
      <View className="tabs finance-tabs">
        {tabs.map((t) => (
          <View key={t.key} className={`tab finance-tab-${t.key}${t.key === tab.key ? ' is-active' : ''}`} onClick={() => setTab(t)}>{t.label}</View>
        ))}
      </View>
      {list.error && !list.items.length ? <ErrorBlock error={list.error} onRetry={() => void list.reload()} /> : null}
      {list.loading && !list.items.length ? <Loading /> : null}
      {!list.loading && !list.error && !list.items.length ? (
        <Empty
          title={`${formatPeriod(period)}暂无${tab.status ? tab.label : ''}结算单`}
          hint={tab.status ? '切换到「全部」查看本月其他结算单' : '月末后点击「生成本月结算单」，按企业与结算单位各生成一张结算单'}
        />
      ) : null}
      <View className="statement-list">
        {list.items.map((s) => <StatementCard key={s.id} s={s} showCompany />)}
      </View>
      <ListFooter loading={list.loading} hasMore={list.hasMore} count={list.items.length} onMore={list.loadMore} />
      <View className="card finance-entry finance-reconciliation-entry" onClick={() => void Taro.navigateTo({ url: '/packages/finance/reconciliation/index' })}>
        <View className="finance-entry-text">
          <Text className="card-title">微信支付账单核对</Text>
          <Text className="muted">按日下载交易账单，与平台记录逐笔核对</Text>
        </View>
        <Text className="finance-entry-arrow">›</Text>
      </View>
    </View>
  );
}
