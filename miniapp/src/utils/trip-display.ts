/**
 * Display helpers for the official-trip pages (JOURNEYS.md 用车人/审批人/调度员/驾驶员/租赁企业):
 * status tones, time fields of the forms, message links. No I/O here.
 */
import type { TripStatus, AssignmentStatus } from '@shared/trips/trips.schemas';
import type { ApprovalStatus } from '@shared/approvals/approvals.schemas';
import { addShanghaiDays, shanghaiDate, shanghaiTime } from '@shared/common/time';

export type Tone = 'blue' | 'green' | 'orange' | 'red' | 'grey' | 'purple';

export const tripStatusTone: Record<TripStatus, Tone> = {
  pending_approval: 'orange', returned_for_edit: 'red', rejected: 'red', approved: 'blue', awaiting_rental: 'purple',
  dispatched: 'blue', in_progress: 'green', returned: 'purple', reviewed: 'orange', confirmed: 'orange',
  completed: 'grey', cancelled: 'grey', expired: 'grey', no_show: 'grey',
};

export const assignmentStatusTone: Record<AssignmentStatus, Tone> = {
  awaiting_company: 'purple', dispatched: 'orange', accepted: 'blue', departed: 'green', returned: 'grey', released: 'grey',
};

export const approvalStatusTone: Record<ApprovalStatus, Tone> = {
  pending: 'orange', approved: 'green', rejected: 'red', returned: 'red', withdrawn: 'grey',
};

/** Statuses still running for the applicant (cancel, confirm, rate or wait); the rest is history. */
export const finishedTripStatuses: readonly TripStatus[] = ['completed', 'cancelled', 'expired', 'rejected'];
export const cancellableTripStatuses: readonly TripStatus[] = ['pending_approval', 'returned_for_edit', 'approved', 'awaiting_rental', 'dispatched'];

/** A trip's place as people read it: 正定县诸福屯镇人民政府（河北省石家庄市正定县诸福屯镇）, or the name alone when typed. */
export function placeText(p: { name: string; address?: string }): string {
  return p.address && p.address !== p.name ? `${p.name}（${p.address}）` : p.name;
}

/** Local (Asia/Shanghai) date `YYYY-MM-DD` and time `HH:mm` parts of an instant, for the pickers. */
export function shanghaiParts(ms: number): { date: string; time: string } {
  return { date: shanghaiDate(ms), time: shanghaiTime(ms) };
}

/** `2026-11-26` + `09:00` in Asia/Shanghai → ISO with offset, as the schemas expect. */
export function shanghaiIso(date: string, time: string): string {
  return `${date}T${time}:00+08:00`;
}

/** Tomorrow 09:00–12:00, a sensible first window for a new request. */
export function defaultWindow(nowMs = Date.now()): { startDate: string; startTime: string; endDate: string; endTime: string } {
  const tomorrow = addShanghaiDays(nowMs, 1);
  return { startDate: tomorrow, startTime: '09:00', endDate: tomorrow, endTime: '12:00' };
}

/** `09:00–12:00` when the same day, else both ends in full. */
export function formatWindow(startIso: string, endIso: string, fmt: (iso: string) => string): string {
  const s = fmt(startIso);
  const e = fmt(endIso);
  return s.slice(0, 11) === e.slice(0, 11) ? `${s}–${e.slice(-5)}` : `${s} 至 ${e}`;
}

/** Yuan typed by a person → integer fen; empty is 0; NaN when not a number (the schema then refuses it). */
export function yuanTextToFen(text: string): number {
  const t = text.trim();
  if (t === '') return 0;
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return Number.NaN;
  return Math.round(Number(t) * 100);
}

export function numberOrNaN(text: string): number {
  const t = text.trim();
  return t === '' || !/^\d+(\.\d+)?$/.test(t) ? Number.NaN : Number(t);
}

/**
 * A message's `page` (`/trips/detail?id=12`, `/dispatch/board`, `/driver/tasks`) → the mini-program
 * route of that page in its subpackage.
 */
const pageAliases: Record<string, string> = { board: 'index', tasks: 'index', inbox: 'index' };
export function messageRoute(page: string): string | null {
  const m = /^\/([a-z-]+)\/([a-z-]+)(\?.*)?$/.exec(page);
  if (!m) return null;
  const [, pkg, name, query] = m;
  return `/packages/${pkg}/${pageAliases[name!] ?? name}/index${query ?? ''}`;
}

/** Zod issues or the server's field issues (`body.startAt`) → first message per top-level field. */
export function fieldErrors(issues: ReadonlyArray<{ path?: ReadonlyArray<PropertyKey>; field?: string; message: string }>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = i.path ? String(i.path[0] ?? '') : (i.field ?? '').replace(/^body\./, '').split('.')[0] ?? '';
    if (key && !out[key]) out[key] = i.message;
  }
  return out;
}

/** Field issues from an ApiError's details, when the server sent them. */
export function serverFieldErrors(details: unknown): Record<string, string> {
  if (!Array.isArray(details)) return {};
  const issues = details.filter((d): d is { field: string; message: string } =>
    typeof d === 'object' && d !== null && typeof (d as { field?: unknown }).field === 'string' && typeof (d as { message?: unknown }).message === 'string');
  return fieldErrors(issues);
}
