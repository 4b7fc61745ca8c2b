import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { tripKindLabel, tripPriorityLabel, type TripListItem, type TripStatus } from '@shared/trips/trips.schemas';
import type { OneClickResult } from '@shared/trips/dispatch.schemas';
import { listTrips } from '../../../services/trips.api';
import { dispatchOneClick } from '../../../services/dispatch.api';
import { costCorrectableStatuses } from '../cost-correction';
import { usePagedList } from '../../../components/use-paged-list';
import { ListFooter } from '../../../components/list-footer';
import { Loading } from '../../../components/loading';
import { Empty } from '../../../components/empty';
import { ErrorBlock } from '../../../components/error-block';
import { MessageBell } from '../../../components/message-bell';
import { StatusChip } from '../../../components/status-chip';
import { formatPlate, formatShanghai, formatYuan } from '../../../utils/format';
import { formatWindow, tripStatusTone } from '../../../utils/trip-display';
import '../../../components/work.css';
import './index.css';

/** 调度台: requests of my pool by state; 一键派车 for one or all with the reason of each choice. */
const tabs: Array<{ status: TripStatus; label: string; empty: string }> = [
  { status: 'approved', label: '待派车', empty: '审批通过的用车申请会出现在这里' },
  { status: 'awaiting_rental', label: '待租赁接单', empty: '转给租赁企业、尚未接单的申请' },
  { status: 'dispatched', label: '已派车', empty: '已派车、尚未出车的行程，可在此改派' },
  { status: 'in_progress', label: '行程中', empty: '已出车的行程' },
  { status: 'returned', label: '待交车审核', empty: '车辆回场后，在此审核里程与费用' },
  { status: 'reviewed', label: '待用车人确认', empty: '已审核、待用车人确认费用的行程，可更正费用' },
  { status: 'confirmed', label: '待评价', empty: '用车人已确认费用、尚未评价的行程，可更正费用' },
  { status: 'completed', label: '已完成', empty: '已完成的行程，费用有误时可在此更正' },
];

type Results = OneClickResult['results'];

/** The server's reason repeats "一键派车：冀A00101（刘强）：" before the why; the card already shows both. */
function reasonText(reason: string): string {
  return reason.replace(/^一键派车：/, '').replace(/^[^：]*（[^）]*）：/, '');
}

function ResultBlock({ r }: { r: Results[number] }) {
  return (
    <View className={`oneclick-result oneclick-result-${r.tripId}${r.dispatched ? ' is-ok' : ' is-failed'}`}>
      <Text className="oneclick-result-title">行程 {r.tripId}：{r.dispatched ? '已派车' : '未派车'}</Text>
      {r.assignments.map((a) => (
        <View key={a.plate} className="oneclick-pick">
          <Text className="item-line item-line-strong">{formatPlate(a.plate)} · 驾驶员 {a.driverName}</Text>
          <Text className="item-reason oneclick-reason">派车理由：{reasonText(a.reason)}</Text>
        </View>
      ))}
      {r.message ? <Text className="item-reason">{r.message}</Text> : null}
    </View>
  );
}

export default function DispatchBoard() {
  const [tab, setTab] = useState(tabs[0]!);
  const [busy, setBusy] = useState<number | 'all' | null>(null);
  const [results, setResults] = useState<Results>([]);
  const fetchPage = useCallback((page: number) => listTrips({ page, status: tab.status }), [tab]);
  const list = usePagedList<TripListItem>(fetchPage);

  async function oneClick(tripIds?: number[]): Promise<void> {
    if (busy !== null) return;
    setBusy(tripIds ? tripIds[0]! : 'all');
    try {
      const res = await dispatchOneClick(tripIds);
      setResults(res.results);
      const ok = res.results.filter((r) => r.dispatched).length;
      void Taro.showToast({ title: res.results.length ? `已派 ${ok} 单，未派 ${res.results.length - ok} 单` : '没有待派车的申请', icon: 'none' });
      await list.reload();
    } catch {
      // The server's message was shown by the http client.
    } finally {
      setBusy(null);
    }
  }

  function open(t: TripListItem): void {
    // Returned: 交车审核; after it, the same page corrects the costs (费用更正).
    const page = t.status === 'returned' || costCorrectableStatuses.includes(t.status) ? 'review' : 'trip';
    void Taro.navigateTo({ url: `/packages/dispatch/${page}/index?id=${t.id}` });
  }

  return (
    <View className="page dispatch-page">
      <View className="work-header">
        <View>
          <Text className="work-header-title">调度台</Text>
          <Text className="work-header-sub">本单位调度池 · 一键派车自动选择空闲车辆与驾驶员</Text>
        </View>
        <MessageBell light />
      </View>
      <View className="dispatch-toolbar">
        <View className={`btn btn-primary dispatch-oneclick-all${busy !== null ? ' is-disabled' : ''}`} onClick={() => void oneClick()}>
          {busy === 'all' ? '派车中…' : '全部一键派车'}
        </View>
        <View className="btn btn-danger dispatch-emergency" onClick={() => void Taro.navigateTo({ url: '/packages/dispatch/emergency/index' })}>紧急调度</View>
      </View>
      <View className="dispatch-toolbar">
        <View className="btn btn-ghost dispatch-day-plan" onClick={() => void Taro.navigateTo({ url: '/packages/dispatch/day-plan/index' })}>排班方案（按天）</View>
      </View>
      {results.length ? (
        <View className="card oneclick-results">
          <View className="item-head">
            <Text className="card-title">一键派车结果</Text>
            <Text className="muted oneclick-close" onClick={() => setResults([])}>收起</Text>
          </View>
          {results.map((r) => <ResultBlock key={r.tripId} r={r} />)}
        </View>
      ) : null}
      <View className="tabs">
        {tabs.map((t) => (
          <View key={t.status} className={`tab dispatch-tab-${t.status}${t.status === tab.status ? ' is-active' : ''}`} onClick={() => setTab(t)}>{t.label}</View>
        ))}
      </View>
      {list.error && !list.items.length ? <ErrorBlock error={list.error} onRetry={() => void list.reload()} /> : null}
      {list.loading && !list.items.length ? <Loading /> : null}
      {!list.loading && !list.error && !list.items.length ? <Empty title={`暂无${tab.label}的行程`} hint={tab.empty} /> : null}
      {list.items.map((t) => (
        <View key={t.id} className={`item-card board-trip board-trip-${t.id} trip-status-${t.status}`} onClick={() => open(t)}>
          <View className="item-head">
            <Text className="item-title">{t.purpose}</Text>
            <StatusChip label={t.priority === 'emergency' ? `${tripPriorityLabel.emergency}·${t.statusLabel}` : t.statusLabel} tone={t.priority === 'emergency' ? 'red' : tripStatusTone[t.status]} />
          </View>
          <Text className="item-line">{formatWindow(t.startAt, t.endAt, formatShanghai)}</Text>
          <Text className="item-line">{t.originName} → {t.destinationNames.join('、')}</Text>
          <Text className="item-line">{t.applicantName} · {tripKindLabel[t.kind]} · {t.passengers} 人 · 需 {t.vehiclesNeeded} 辆{t.costFen ? ` · ${formatYuan(t.costFen)}` : ''}</Text>
          {t.plates.length ? <Text className="item-line item-line-strong">{t.plates.map((p, i) => `${formatPlate(p)} ${t.driverNames[i] ?? ''}`).join('、')}</Text> : null}
          {t.returnOverdue ? <Text className="item-line board-overdue">已超过预计返回时间</Text> : null}
          {t.backfillOverdue ? <Text className="item-line board-overdue">紧急用车补单已逾期</Text> : null}
          {t.status === 'approved' ? (
            <View className="item-actions">
              <View className="btn btn-ghost board-manual" onClick={(e) => { e.stopPropagation(); open(t); }}>手动派车</View>
              <View className={`btn btn-primary board-oneclick${busy !== null ? ' is-disabled' : ''}`} onClick={(e) => { e.stopPropagation(); void oneClick([t.id]); }}>
                {busy === t.id ? '派车中…' : '一键派车'}
              </View>
            </View>
          ) : null}
          {t.status === 'returned' ? (
            <View className="item-actions">
              <View className="btn btn-primary board-review">审核里程与费用</View>
            </View>
          ) : null}
        </View>
      ))}
      <ListFooter loading={list.loading} hasMore={list.hasMore} count={list.items.length} onMore={list.loadMore} />
    </View>
  );
}
