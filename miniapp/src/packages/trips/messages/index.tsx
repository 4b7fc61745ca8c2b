import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { Message } from '@shared/notifications/notifications.schemas';
import { fetchMessages, markMessageRead } from '../../../services/messages.api';
import { usePagedList } from '../../../components/use-paged-list';
import { ListFooter } from '../../../components/list-footer';
import { Loading } from '../../../components/loading';
import { Empty } from '../../../components/empty';
import { ErrorBlock } from '../../../components/error-block';
import { formatShanghai } from '../../../utils/format';
import { messageRoute } from '../../../utils/trip-display';
import '../../../components/work.css';
import './index.css';

/** 站内消息: what happened to my requests, what waits for me; opening one marks it read. */
export default function MessagesPage() {
  const [unread, setUnread] = useState(0);
  const fetchPage = useCallback(async (page: number) => {
    const res = await fetchMessages({ page });
    setUnread(res.unreadCount);
    return res;
  }, []);
  const list = usePagedList<Message>(fetchPage);

  function open(m: Message): void {
    if (!m.read) {
      list.setItems((items) => items.map((x) => (x.id === m.id ? { ...x, read: true } : x)));
      setUnread((n) => Math.max(0, n - 1));
      void markMessageRead(m.id).catch(() => undefined);
    }
    const url = messageRoute(m.page);
    if (url) void Taro.navigateTo({ url });
  }

  return (
    <View className="page messages-page">
      <View className="work-header">
        <View>
          <Text className="work-header-title">站内消息</Text>
          <Text className="work-header-sub messages-unread">{unread > 0 ? `${unread} 条未读` : '没有未读消息'}</Text>
        </View>
      </View>
      {list.error && !list.items.length ? <ErrorBlock error={list.error} onRetry={() => void list.reload()} /> : null}
      {list.loading && !list.items.length ? <Loading /> : null}
      {!list.loading && !list.error && !list.items.length ? <Empty title="暂无消息" hint="申请审批、派车、出车等进展会在这里通知您" /> : null}
      {list.items.map((m) => (
        <View key={m.id} className={`item-card message-item message-${m.id}${m.read ? ' is-read' : ' is-unread'}`} onClick={() => open(m)}>
          <View className="item-head">
            <Text className="item-title">{m.read ? null : <Text className="message-dot" />}{m.title}</Text>
            <Text className="muted">{formatShanghai(m.createdAt).slice(5)}</Text>
          </View>
          <Text className="item-line">{m.body}</Text>
        </View>
      ))}
      <ListFooter loading={list.loading} hasMore={list.hasMore} count={list.items.length} onMore={list.loadMore} />
    </View>
  );
}
