import { View, Text } from '@tarojs/components';
import './components.css';

export interface ErrorBlockProps {
  /** An ApiError (its message is already fit to show) or anything else thrown. */
  error: unknown;
  title?: string;
  onRetry?: () => void;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return '出了点问题，请稍后重试';
}

export function ErrorBlock({ error, title = '加载失败', onRetry }: ErrorBlockProps) {
  return (
    <View className="state state-error">
      <View className="state-icon state-icon-error">!</View>
      <Text className="state-title">{title}</Text>
      <Text className="state-text state-error-message">{errorMessage(error)}</Text>
      {onRetry ? (
        <View className="btn btn-ghost state-action state-error-retry" onClick={onRetry}>重试</View>
      ) : null}
    </View>
  );
}
