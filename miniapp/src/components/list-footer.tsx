import { View, Text } from '@tarojs/components';
import './work.css';

/** Below a list: a "load more" button (also reached by scrolling) or the end marker. */
export function ListFooter({ loading, hasMore, count, onMore }: { loading: boolean; hasMore: boolean; count: number; onMore: () => void }) {
  if (count === 0) return null;
  if (loading) return <View className="list-footer"><Text className="muted">加载中…</Text></View>;
  if (hasMore) return <View className="list-footer list-more" onClick={onMore}><Text className="list-more-text">加载更多</Text></View>;
  return <View className="list-footer"><Text className="muted">没有更多了 · 下拉可刷新</Text></View>;
}
