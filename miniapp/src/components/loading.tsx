import { View, Text } from '@tarojs/components';
import './components.css';

export function Loading({ text = '加载中…' }: { text?: string }) {
  return (
    <View className="state state-loading">
      <View className="state-spinner" />
      <Text className="state-text">{text}</Text>
    </View>
  );
}
