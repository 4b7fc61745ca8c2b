import { useCallback, useState } from 'react';
import Taro, { useLoad } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { importViolations, listViolations, VIOLATION_TEMPLATE, type ViolationStatus } from '../../../services/violations.api';
import { requireSession } from '../../../services/session.store';
import { usePagedList } from '../../../components/use-paged-list';
import { ListFooter } from '../../../components/list-footer';
import { Loading } from '../../../components/loading';
import { Empty } from '../../../components/empty';
import { ErrorBlock } from '../../../components/error-block';
import { ImportCard, type ImportOutcome } from '../../../components/import-card';
import { ViolationCard } from '../violation-card';
import '../../../components/work.css';
import '../violations.css';

type View_ = 'mine' | 'unit';
const tabs: Array<{ key: string; label: string; status?: ViolationStatus }> = [
  { key: 'unmatched', label: '待指派', status: 'unmatched' },
  { key: 'all', label: '全部' },
  { key: 'matched', label: '已匹配', status: 'matched' },
  { key: 'assigned', label: '已指派', status: 'assigned' },
];

/**
 * 违章 (#21 item 3). `view=unit`: the fleet admin's 违章管理 — the unit's cars' violations, the
 * unmatched first and marked, with the Excel import; otherwise 我的违章 of a driver or a user, each
 * with the trip or rental it was matched to.
 */
export default function ViolationsPage() {
  const [view, setView] = useState<View_ | null>(null);
  useLoad((params: Record<string, string | undefined>) => {
    if (!requireSession()) return;
    const v: View_ = params.view === 'unit' ? 'unit' : 'mine';
    setView(v);
    void Taro.setNavigationBarTitle({ title: v === 'unit' ? '违章管理' : '我的违章' });
  });
  if (!view) return <View className="page"><Loading /></View>;
  return view === 'unit' ? <UnitViolations /> : <MyViolations />;
}

function MyViolations() {
  const fetchPage = useCallback((page: number) => listViolations({ page, mine: true }), []);
  const list = usePagedList(fetchPage);
  return (
    <View className="page violations-page violations-mine">
      <View className="work-header">
        <View>
          <Text className="work-header-title">我的违章</Text>
          <Text className="work-header-sub">按号牌、时间和地点匹配到您当时使用车辆的行程或租车订单</Text>
        </View>
      </View>
      {list.error && !list.items.length ? <ErrorBlock error={list.error} onRetry={() => void list.reload()} /> : null}
      {list.loading && !list.items.length ? <Loading /> : null}
      {!list.loading && !list.error && !list.items.length ? <Empty title="没有违章记录" hint="如有交通违法记录，会在这里和消息中告诉您" /> : null}
      {list.items.map((v) => <ViolationCard key={v.id} v={v} showPerson={false} />)}
      <ListFooter loading={list.loading} hasMore={list.hasMore} count={list.items.length} onMore={list.loadMore} />
    </View>
  );
}

function UnitViolations() {
  const [tab, setTab] = useState(tabs[0]!);
  const fetchPage = useCallback((page: number) => listViolations({ page, status: tab.status }), [tab]);
  const list = usePagedList(fetchPage);
  async function run(fileBase64: string): Promise<ImportOutcome> {
    const r = await importViolations(fileBase64);
    list.reload();
    return {
      ok: r.errors.length === 0,
      summary: `导入 ${r.written} 条（匹配 ${r.matched} 条，待指派 ${r.unmatched} 条）${r.duplicates ? `，${r.duplicates} 条已导入过` : ''}${r.errors.length ? `，${r.errors.length} 行未导入` : ''}`,
      errors: r.errors.map((e) => ({ row: e.row, subject: '', message: e.message })),
    };
  }
  return (
    <View className="page violations-page violations-unit">
      <View className="work-header">
        <View>
          <Text className="work-header-title">违章管理</Text>
          <Text className="work-header-sub">本单位车辆的交通违法；未匹配的请指派到行程</Text>
        </View>
      </View>
      <ImportCard title="导入违章明细" hint="从交管部门导出的非现场违法明细（.xlsx），按号牌、时间和地点自动匹配行程；只导入本单位车辆。"
        template={VIOLATION_TEMPLATE} hook="violation-import" run={run} />
      <View className="tabs violation-tabs">
        {tabs.map((t) => (
          <View key={t.key} className={`tab violation-tab-${t.key}${t.key === tab.key ? ' is-active' : ''}`} onClick={() => setTab(t)}>{t.label}</View>
        ))}
      </View>
      {list.error && !list.items.length ? <ErrorBlock error={list.error} onRetry={() => void list.reload()} /> : null}
      {list.loading && !list.items.length ? <Loading /> : null}
      {!list.loading && !list.error && !list.items.length ? (
        <Empty title={tab.status ? `没有「${tab.label}」的违章` : '暂无违章'} hint={tab.status ? '切换到「全部」查看其他违章' : '导入违章明细，或等待每日自动查询'} />
      ) : null}
      {list.items.map((v) => <ViolationCard key={v.id} v={v} showPerson />)}
      <ListFooter loading={list.loading} hasMore={list.hasMore} count={list.items.length} onMore={list.loadMore} />
    </View>
  );
}
