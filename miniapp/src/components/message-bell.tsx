import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { fetchUnreadCount } from '../services/messages.api';
import './work.css';

export const MESSAGES_URL = '/packages/trips/messages/index';

/** 站内消息 entry with the unread count; quiet when the count cannot be read. */
export function MessageBell({ light = false }: { light?: boolean }) {
  const [count, setCount] = useState(0);
  useDidShow(() => {
    fetchUnreadCount().then(setCount).catch(() => setCount(0));
  });
  return (
    <View className={`message-bell${light ? ' is-light' : ''}`} onClick={() => void Taro.navigateTo({ url: MESSAGES_URL })}>
      <Text className="message-bell-label">消息</Text>
      {count > 0 ? <Text className="message-bell-badge">{count > 99 ? '99+' : count}</Text> : null}
    </View>
  );
}
