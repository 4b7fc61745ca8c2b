import { Text } from '@tarojs/components';
import { dueLabel, dueState } from './fleet-display';

/** An insurance/inspection date, red when passed and orange within 30 days. */
export function DueDate({ date, hook }: { date: string; hook: string }) {
  const state = dueState(date);
  return <Text className={`due-date due-${state} ${hook}`}>{date}{state !== 'ok' ? `（${dueLabel[state]}）` : ''}</Text>;
}
