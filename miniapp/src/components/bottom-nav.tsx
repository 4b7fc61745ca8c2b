import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { HOME_URL, ME_URL } from '../services/session.store';
import './components.css';

type NavKey = 'home' | 'me';

const items: { key: NavKey; label: string; glyph: string; url: string }[] = [
  { key: 'home', label: '首页', glyph: '⌂', url: HOME_URL },
  { key: 'me', label: '我的', glyph: '我', url: ME_URL },
];

/**
 * Two-item bottom bar drawn by us rather than the native tabBar, which needs icon images in the
 * main package and behaves differently on H5.
 */
export function BottomNav({ current }: { current: NavKey }) {
  return (
    <View className="bottom-nav">
      {items.map((item) => (
        <View
          key={item.key}
          className={`bottom-nav-item nav-${item.key}${item.key === current ? ' is-active' : ''}`}
          onClick={() => {
            if (item.key !== current) void Taro.redirectTo({ url: item.url });
          }}
        >
          <Text className="bottom-nav-glyph">{item.glyph}</Text>
          <Text className="bottom-nav-label">{item.label}</Text>
        </View>
      ))}
    </View>
  );
}
