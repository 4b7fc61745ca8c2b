import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import './work.css';

export function InfoRow({ label, value, hook }: { label: string; value: ReactNode; hook?: string }) {
  return (
    <View className={`info-row${hook ? ` ${hook}` : ''}`}>
      <Text className="info-label">{label}</Text>
      <View className="info-value">{value}</View>
    </View>
  );
}
