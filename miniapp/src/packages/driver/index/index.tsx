import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { DriverTask } from '@shared/trips/dispatch.schemas';
import { acceptTask, fetchDriverTasks } from '../../../services/trips.api';
import { requireSession } from '../../../services/session.store';
import { Loading } from '../../../components/loading';
import { Empty } from '../../../components/empty';
import { ErrorBlock } from '../../../components/error-block';
import { MessageBell } from '../../../components/message-bell';
import { TaskSummary } from '../task-card';
import '../../../components/work.css';

/** 我的任务 in time order: accept → depart → return → next task. */
export default function DriverTasksPage() {
  const [tasks, setTasks] = useState<DriverTask[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<number | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      setTasks(await fetchDriverTasks());
    } catch (e) {
      setError(e);
    }
  }, []);

  useDidShow(() => { if (requireSession()) void load(); });
  usePullDownRefresh(() => { void load().finally(() => Taro.stopPullDownRefresh()); });

  async function accept(t: DriverTask): Promise<void> {
    if (busy !== null) return;
    setBusy(t.id);
    try {
      await acceptTask(t.id);
      void Taro.showToast({ title: '已确认任务', icon: 'success' });
      await load();
    } catch {
      // The server's message was shown by the http client.
    } finally {
      setBusy(null);
    }
  }

  const open = (t: DriverTask) => void Taro.navigateTo({ url: `/packages/driver/task/index?id=${t.id}` });
  const active = (tasks ?? []).filter((t) => t.status !== 'returned');
  const done = (tasks ?? []).filter((t) => t.status === 'returned');

  return (
    <View className="page driver-page">
      <View className="work-header">
        <View>
          <Text className="work-header-title">我的任务</Text>
          <Text className="work-header-sub">{tasks ? `待执行 ${active.length} 项 · 按出车时间排列` : '出车任务按时间排列'}</Text>
        </View>
        <MessageBell light />
      </View>
      {error && !tasks ? <ErrorBlock error={error} onRetry={() => void load()} /> : null}
      {!tasks && !error ? <Loading /> : null}
      {tasks && !tasks.length ? <Empty title="暂无出车任务" hint="调度员派车后会通知您，下拉可刷新" /> : null}
      {active.map((t, i) => (
        <View key={t.id} className={`item-card task-card task-${t.id} task-status-${t.status}${i === 0 ? ' is-next' : ''}`} onClick={() => open(t)}>
          {i === 0 ? <Text className="tag task-next">下一项任务</Text> : null}
          <TaskSummary task={t} />
          <View className="item-actions">
            {t.status === 'dispatched' ? (
              <View className={`btn btn-primary task-accept${busy === t.id ? ' is-disabled' : ''}`} onClick={(e) => { e.stopPropagation(); void accept(t); }}>
                {busy === t.id ? '提交中…' : '确认接单'}
              </View>
            ) : null}
            {t.status === 'accepted' ? <View className="btn btn-primary task-depart" onClick={(e) => { e.stopPropagation(); open(t); }}>出车登记</View> : null}
            {t.status === 'departed' ? <View className="btn btn-primary task-return" onClick={(e) => { e.stopPropagation(); open(t); }}>回场登记</View> : null}
          </View>
        </View>
      ))}
      {done.length ? <Text className="section-title">已完成</Text> : null}
      {done.map((t) => (
        <View key={t.id} className={`item-card task-card task-${t.id} task-status-${t.status}`} onClick={() => open(t)}>
          <TaskSummary task={t} />
        </View>
      ))}
    </View>
  );
}
