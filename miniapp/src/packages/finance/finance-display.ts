import type { LineReviewStatus, StatementStatus } from '@shared/settlement/settlement.schemas';
import { billableSourceKindLabel, type BillableSourceKind } from '@shared/settlement/settlement.schemas';
import type { Tone } from '../../utils/trip-display';
import { addShanghaiDays, shanghaiMonth, startOfShanghaiMonth } from '@shared/common/time';

/** How statements look in the finance and company pages (labels are the server's, shared). */
export const statementStatusTone: Record<StatementStatus, Tone> = {
  draft: 'orange', disputed: 'red', confirmed: 'blue', approved: 'purple', paid: 'green',
};

export const lineReviewLabel: Record<LineReviewStatus, string> = { pending: '待确认', confirmed: '已确认', disputed: '有异议' };
export const lineReviewTone: Record<LineReviewStatus, Tone> = { pending: 'grey', confirmed: 'green', disputed: 'red' };

export function sourceKindLabel(kind: string): string {
  return billableSourceKindLabel[kind as BillableSourceKind] ?? kind;
}

/** `YYYY-MM` of the month before this one in Asia/Shanghai: statements are made for the month just ended. */
export function lastMonth(now: Date = new Date()): string {
  return shanghaiMonth(startOfShanghaiMonth(now).getTime() - 1);
}

/** `YYYY-MM-DD` of yesterday in Asia/Shanghai: the latest WeChat Pay bill (ready after 10:00 today). */
export function yesterday(now: Date = new Date()): string {
  return addShanghaiDays(now, -1);
}

/** `2026年10月` from `2026-10`. */
export function formatPeriod(period: string): string {
  const [y, m] = period.split('-');
  return `${y}年${Number(m)}月`;
}

/** `2026年10月31日` from `2026-10-31`. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${y}年${m}月${d}日`;
}

/** Yuan typed by a person (may be negative for a correction) → integer fen, or null when not a sum of money. */
export function parseYuan(text: string): number | null {
  const t = text.trim();
  if (!/^-?\d+(\.\d{1,2})?$/.test(t)) return null;
  return Math.round(Number(t) * 100);
}
