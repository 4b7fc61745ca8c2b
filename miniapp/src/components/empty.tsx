import { View, Text } from '@tarojs/components';
import './components.css';

export interface EmptyProps {
  title: string;
  /** What the user can do about it, e.g. "点击右下角「新建申请」提交第一条用车申请". */
  hint?: string;
  actionText?: string;
  onAction?: () => void;
}

export function Empty({ title, hint, actionText, onAction }: EmptyProps) {
  return (
    <View className="state state-empty">
      <View className="state-icon state-icon-empty">空</View>
      <Text className="state-title">{title}</Text>
      {hint ? <Text className="state-text">{hint}</Text> : null}
      {actionText && onAction ? (
        <View className="btn btn-primary state-action state-empty-action" onClick={onAction}>{actionText}</View>
      ) : null}
    </View>
  );
}
