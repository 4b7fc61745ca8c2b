import { formatPlate, maskPhone } from '@shared/common/format';
import { formatShanghai, shanghaiTime } from '@shared/common/time';
import {
  Assignment, assignmentStatusLabel, Destination, Place, TripDetail, TripListItem, tripStatusLabel,
} from '@shared/trips/trips.schemas';
import type { AssignmentListRow, AssignmentRow, TripEventRow, TripListRow, TripRow } from './trips.entity';
import { costOf, implausibilities, type Implausibility, liveAssignment } from './trips.rules';

const iso = (d: Date | string | null): string | null => (d == null ? null : new Date(d).toISOString());

export const originOf = (t: Pick<TripRow, 'originJson'>): Place => JSON.parse(t.originJson) as Place;
export const destinationsOf = (t: Pick<TripRow, 'destinationsJson'>): Destination[] => JSON.parse(t.destinationsJson) as Destination[];

export function toAssignment(a: AssignmentRow): Assignment {
  return {
    id: a.id, tripId: a.tripId, source: a.source, companyId: a.companyId, vehicleId: a.vehicleId, plate: a.plate,
    driverId: a.driverId, driverName: a.driverName, driverPhoneMasked: a.driverPhone ? maskPhone(a.driverPhone) : null,
    status: a.status, statusLabel: assignmentStatusLabel[a.status], reason: a.reason,
    departOdometerKm: a.departOdometerHm == null ? null : a.departOdometerHm / 10,
    returnOdometerKm: a.returnOdometerHm == null ? null : a.returnOdometerHm / 10,
    departedAt: iso(a.departedAt), returnedAt: iso(a.returnedAt), costFen: costOf(a),
    rentalFen: a.rentalFen, fuelFen: a.fuelFen, tollFen: a.tollFen, parkingFen: a.parkingFen, otherFen: a.otherFen,
  };
}

/**
 * An emergency trip's car went before its 补单 was decided (DOMAIN.md §4): a refused or returned 补单 does not
 * undo the dispatch, so the label says it next to the trip's state instead of leaving it looking approved.
 */
function statusLabelOf(t: Pick<TripRow, 'status' | 'priority' | 'approvalStatus'>): string {
  const label = tripStatusLabel[t.status];
  if (t.priority !== 'emergency') return label;
  if (t.approvalStatus === 'rejected') return `${label}·补单已驳回`;
  if (t.approvalStatus === 'returned') return `${label}·补单被退回`;
  return label;
}

export function toListItem(t: TripListRow, assignments: AssignmentListRow[]): TripListItem {
  const live = assignments.filter((a) => a.tripId === t.id && liveAssignment(a.status) && a.plate);
  return {
    id: t.id, purpose: t.purpose, applicantName: t.applicantName, unitId: t.unitId, startAt: iso(t.startAt)!, endAt: iso(t.endAt)!,
    originName: originOf(t).name, destinationNames: destinationsOf(t).map((d) => d.name), passengers: t.passengers,
    vehiclesNeeded: t.vehiclesNeeded, kind: t.kind, priority: t.priority, status: t.status, statusLabel: statusLabelOf(t),
    plates: live.map((a) => a.plate!), driverNames: live.map((a) => a.driverName ?? ''), driverPhonesMasked: live.map((a) => maskPhone(a.driverPhone)),
    costFen: t.costFen, backfillOverdue: Boolean(t.backfillOverdue), returnOverdue: Boolean(t.returnOverdue),
  };
}

export function toDetail(t: TripRow, assignments: AssignmentRow[], events: TripEventRow[]): TripDetail {
  return {
    ...toListItem(t, assignments),
    applicantId: t.applicantId, bookedById: t.bookedById, passengerNames: t.passengerNames, origin: originOf(t), destinations: destinationsOf(t),
    category: t.category, seatsWanted: t.seatsWanted, approvalStatus: t.approvalStatus, backfillDueAt: iso(t.backfillDueAt),
    rating: t.rating, ratingComment: t.ratingComment, cancelReason: t.cancelReason,
    assignments: assignments.filter((a) => a.tripId === t.id).map(toAssignment),
    events: events.map((e) => ({ at: iso(e.at)!, actorId: e.actorId, actorName: e.actorName, action: e.action, note: e.note })),
    reviewWarnings: reviewWarnings(t, assignments),
  };
}

const ms = (d: Date | string | null): number | null => (d == null ? null : new Date(d).getTime());
const duration = (minutes: number): string => {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h} 小时${m ? ` ${m} 分钟` : ''}` : `${m} 分钟`;
};
const implausibilityText = (i: Implausibility): string => {
  switch (i.kind) {
    case 'departed_early': return `出车时间比行程开始早 ${duration(i.minutes)}`;
    case 'returned_before_start': return `回场时间在行程开始前 ${duration(i.minutes)}`;
    case 'returned_before_departure': return '回场时间不晚于出车时间';
    case 'too_fast': return `${duration(i.minutes)}行驶 ${i.km} km（平均 ${i.kmh} km/h）`;
  }
};

/** One line per implausible entry of a car that went out: `冀A·00102：出车时间比行程开始早 10 小时`. */
export function reviewWarnings(t: TripRow, assignments: AssignmentRow[]): string[] {
  return assignments.filter((a) => a.tripId === t.id && liveAssignment(a.status)).flatMap((a) => implausibilities(
    { startMs: new Date(t.startAt).getTime() },
    { departedMs: ms(a.departedAt), returnedMs: ms(a.returnedAt), departKm: a.departOdometerHm == null ? null : a.departOdometerHm / 10, returnKm: a.returnOdometerHm == null ? null : a.returnOdometerHm / 10 },
  ).map((i) => `${a.plate ? formatPlate(a.plate) : `任务 ${a.id}`}：${implausibilityText(i)}`));
}

/** `11月26日 09:00–11:00` in Asia/Shanghai (the whole window, both days when it spans more than one). */
export function formatWindow(start: Date | string, end: Date | string): string {
  const f = (d: Date | string) => {
    return { day: formatShanghai(d, 'M月d日'), time: shanghaiTime(d) };
  };
  const a = f(start);
  const b = f(end);
  return a.day === b.day ? `${a.day} ${a.time}–${b.time}` : `${a.day} ${a.time}–${b.day} ${b.time}`;
}
