import { Text } from '@tarojs/components';
import type { Tone } from '../utils/trip-display';
import './work.css';

/** A coloured status label; `hook` adds a test/style class such as `trip-status-dispatched`. */
export function StatusChip({ label, tone, hook }: { label: string; tone: Tone; hook?: string }) {
  return <Text className={`status-chip tone-${tone}${hook ? ` ${hook}` : ''}`}>{label}</Text>;
}
