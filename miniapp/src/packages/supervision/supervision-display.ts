import type { WarningGrade, WarningStatus, PoolRow } from '@shared/supervision/supervision.schemas';
import { shanghaiMonth } from '@shared/common/time';
import type { Tone } from '../../utils/trip-display';

/** How warnings look: graded green / yellow / red (DOMAIN.md §7), their loop state in a chip. */
export const gradeTone: Record<WarningGrade, Tone> = { green: 'green', yellow: 'orange', red: 'red' };
export const gradeColour: Record<WarningGrade, string> = { green: '#00b578', yellow: '#ff8f1f', red: '#fa5151' };
export const statusTone: Record<WarningStatus, Tone> = {
  open: 'red', checked: 'orange', appealed: 'purple', revoked: 'grey', confirmed: 'blue', published: 'green',
};

/** The month this is, in Asia/Shanghai (`2026-12`). */
export const thisMonth = (now: Date = new Date()): string => shanghaiMonth(now);

/** `2026年10月` from `2026-10`. */
export function formatPeriod(period: string): string {
  const [y, m] = period.split('-');
  return `${y}年${Number(m)}月`;
}

/** The month before or after `period`. */
export function shiftMonth(period: string, by: number): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** 纳入率 as the spec means it here: vehicles with a terminal on the platform over vehicles held. */
export function coverage(r: Pick<PoolRow, 'vehicles' | 'withTerminal'>): string {
  return r.vehicles ? `${Math.round((r.withTerminal / r.vehicles) * 1000) / 10}%` : '—';
}

export function closure(r: Pick<PoolRow, 'warnings' | 'warningsClosed'>): string {
  return r.warnings ? `${Math.round((r.warningsClosed / r.warnings) * 1000) / 10}%` : '—';
}

export const levelLabel: Record<PoolRow['level'], string> = { province: '省', city: '市', county: '县（区）', township: '乡镇（街道）', unit: '单位' };

/** Figures a chart or the list can be ranked by. */
export const metrics = [
  { key: 'vehicles', label: '车辆', unit: '辆' },
  { key: 'trips', label: '行程', unit: '次' },
  { key: 'distanceKm', label: '里程', unit: '公里' },
  { key: 'warnings', label: '预警', unit: '条' },
] as const;
export type MetricKey = (typeof metrics)[number]['key'];

/** A row's key as a CSS-safe hook: `130102` or `unit-12`. */
export const rowHook = (key: string): string => key.replace(':', '-');

/** `¥1.2万` style for dashboard tiles; exact amounts are in the lists and the export. */
export function shortYuan(fen: number): string {
  const yuan = fen / 100;
  if (yuan >= 10_000) return `¥${(yuan / 10_000).toFixed(yuan >= 1_000_000 ? 0 : 1)}万`;
  return `¥${yuan.toFixed(0)}`;
}
