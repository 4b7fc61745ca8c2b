import { View, Text } from '@tarojs/components';
import './components.css';

export interface ComingSoonProps {
  /** Capability name, e.g. 公务出行. */
  name: string;
  /** What it will offer, e.g. ['用车申请', '我的行程']. */
  features: string[];
}

/** Placeholder of a capability subpackage until its owner replaces it. */
export function ComingSoon({ name, features }: ComingSoonProps) {
  return (
    <View className="page coming-soon">
      <View className="card coming-soon-card">
        <View className="state-icon coming-soon-icon">建</View>
        <Text className="coming-soon-name">{name}</Text>
        <Text className="coming-soon-status">功能建设中</Text>
        <Text className="state-text">该功能正在建设，敬请期待。</Text>
        <View className="coming-soon-features">
          {features.map((f) => (
            <Text key={f} className="tag coming-soon-feature">{f}</Text>
          ))}
        </View>
      </View>
    </View>
  );
}
