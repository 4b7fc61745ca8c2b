import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View, Text, Picker } from '@tarojs/components';
import type { FeedStatus } from '@shared/feed/feed.schemas';
import { feedInterfaces } from '@shared/feed/feed.wire';
import { shanghaiDate, addShanghaiDays } from '@shared/common/time';
import { fetchFeedStatus, requestFeedResend } from '../../../services/feed.api';
import { requireSession } from '../../../services/session.store';
import { Loading } from '../../../components/loading';
import { ErrorBlock } from '../../../components/error-block';
import { StatusChip } from '../../../components/status-chip';
import { FormField, SubmitButton } from '../../../components/form-field';
import { InfoRow } from '../../../components/info-row';
import { formatShanghai } from '../../../utils/format';
import '../../../components/work.css';
import './index.css';

/** A wait in words: 0 秒, 12 秒, 3 分 20 秒, 2 小时 5 分. */
function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} 秒`;
  if (s < 3600) return `${Math.floor(s / 60)} 分 ${s % 60} 秒`;
  return `${Math.floor(s / 3600)} 小时 ${Math.floor((s % 3600) / 60)} 分`;
}

/**
 * 平台运维 → 向上报送: the link to the 机关事务 supervision platform. How many records wait, how long the
 * oldest has waited (the lag), what was sent and refused, the POSTs that failed and why; and a resend of
 * a period when the supervision platform asks for one.
 */
export default function FeedPage() {
  const [status, setStatus] = useState<FeedStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const today = shanghaiDate(new Date());
  const [from, setFrom] = useState(addShanghaiDays(today, -1));
  const [to, setTo] = useState(today);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setStatus(await fetchFeedStatus());
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
      Taro.stopPullDownRefresh();
    }
  }, []);
  useDidShow(() => { requireSession(); });
  useEffect(() => { void load(); }, [load]);
  usePullDownRefresh(() => { void load(); });

  async function resend(): Promise<void> {
    // The period is whole days in Beijing time: from the start of `from` to the end of `to`.
    const end = addShanghaiDays(to, 1);
    const answer = await Taro.showModal({ title: '重新报送', content: `把 ${from} 至 ${to} 的全部记录重新报送给监管平台？已收到的记录按报送键去重。`, confirmText: '报送' });
    if (!answer.confirm) return;
    setBusy(true);
    try {
      const r = await requestFeedResend(from, end);
      void Taro.showToast({ title: r.total ? `已排队 ${r.total} 条事件` : '该时段没有记录', icon: 'success' });
      await load();
    } catch {
      // The http client showed the server's message.
    } finally {
      setBusy(false);
    }
  }

  if (!status) {
    return (
      <View className="page admin-page feed-page">
        {error ? <ErrorBlock error={error} onRetry={() => void load()} /> : <Loading />}
      </View>
    );
  }
  const s = status;
  return (
    <View className="page admin-page feed-page">
      <View className="work-header">
        <View>
          <Text className="work-header-title">向上报送</Text>
          <Text className="work-header-sub">派车、费用、违规预警、处置等记录报送至机关事务监管平台（HMAC-SM3 签名，按报送键去重）</Text>
        </View>
      </View>
      <View className="feed-stats">
        <View className={`feed-stat feed-stat-lag${s.lagMs > 10 * 60_000 ? ' is-bad' : ''}`}><Text className="feed-stat-value">{duration(s.lagMs)}</Text><Text className="feed-stat-label">时延（最早待报送记录已等待）</Text></View>
        <View className="feed-stat feed-stat-pending"><Text className="feed-stat-value">{s.counts.pending}</Text><Text className="feed-stat-label">待报送事件</Text></View>
        <View className="feed-stat feed-stat-delivered"><Text className="feed-stat-value">{s.counts.delivered}</Text><Text className="feed-stat-label">已报送事件</Text></View>
        <View className={`feed-stat feed-stat-refused${s.counts.refused ? ' is-bad' : ''}`}><Text className="feed-stat-value">{s.counts.refused}</Text><Text className="feed-stat-label">被拒收（见事件投递，可重试）</Text></View>
        <View className={`feed-stat feed-stat-failed${s.last24h.failed ? ' is-bad' : ''}`}><Text className="feed-stat-value">{s.last24h.failed} / {s.last24h.batches}</Text><Text className="feed-stat-label">24 小时内失败 / 报送批次</Text></View>
        <View className="feed-stat feed-stat-records"><Text className="feed-stat-value">{s.last24h.records}</Text><Text className="feed-stat-label">24 小时内报送记录</Text></View>
      </View>
      <View className="card">
        <InfoRow label="监管平台" value={<Text className="feed-endpoint">{s.endpoint}{s.upstream === 'fake' ? '（演示模拟平台）' : ''}</Text>} />
        <InfoRow label="最近成功" value={s.lastSuccessAt ? formatShanghai(s.lastSuccessAt) : '—'} />
        <InfoRow label="连续失败" value={<Text className="feed-consecutive">{s.consecutiveFailures} 次</Text>} />
        {s.lastError ? <Text className="feed-error">最后一次错误（{s.lastFailureAt ? formatShanghai(s.lastFailureAt) : ''}）：{s.lastError}</Text> : null}
        <InfoRow label="报送接口" value={s.kindsSent.map((k) => feedInterfaces[k].label).join('、')} />
      </View>
      <View className="card form-card">
        <Text className="item-title">按时段重新报送</Text>
        <View className="feed-resend-pair">
          <FormField label="开始日期" hook="feed-resend-from" required>
            <Picker mode="date" value={from} end={to} onChange={(e) => setFrom(e.detail.value)}><View className="form-picker picker-feed-from">{from}</View></Picker>
          </FormField>
          <FormField label="结束日期" hook="feed-resend-to" required>
            <Picker mode="date" value={to} start={from} onChange={(e) => setTo(e.detail.value)}><View className="form-picker picker-feed-to">{to}</View></Picker>
          </FormField>
        </View>
        <SubmitButton text="重新报送" busyText="提交中…" busy={busy} onClick={() => void resend()} hook="feed-resend-submit" />
        {s.resends.map((r) => (
          <Text key={r.id} className={`item-line feed-resend-job feed-resend-job-${r.id}`}>
            {formatShanghai(r.from)} 至 {formatShanghai(r.to)} · {r.status === 'done' ? '已完成' : '进行中'} · {r.sent}/{r.total} 条事件
          </Text>
        ))}
      </View>
      <View className="delivery-list">
        {s.recentBatches.map((b) => (
          <View key={b.id} className={`item-card feed-batch feed-batch-${b.outcome}`}>
            <View className="item-head">
              <Text className="item-title">{b.kind === 'resend' ? '重新报送' : '报送'} {b.records} 条记录</Text>
              <StatusChip label={b.outcome === 'ok' ? '成功' : '失败'} tone={b.outcome === 'ok' ? 'green' : 'red'} hook="feed-batch-outcome" />
            </View>
            <Text className="item-line">{formatShanghai(b.sentAt)} · 事件 {b.firstEventId}–{b.lastEventId} · 用时 {b.durationMs} 毫秒</Text>
            {b.error ? <Text className="feed-error">{b.error}</Text> : null}
          </View>
        ))}
      </View>
      {loading ? <Loading /> : null}
    </View>
  );
}
