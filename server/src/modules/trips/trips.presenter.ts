import { maskPhone } from '@shared/common/format';
import { formatShanghai, shanghaiTime } from '@shared/common/time';
import {
  Assignment, assignmentStatusLabel, Place, TripDetail, TripListItem, tripStatusLabel,
} from '@shared/trips/trips.schemas';
import type { AssignmentRow, TripEventRow, TripRow } from './trips.entity';
import { costOf, liveAssignment } from './trips.rules';

const iso = (d: Date | string | null): string | null => (d == null ? null : new Date(d).toISOString());

export const originOf = (t: TripRow): Place => JSON.parse(t.originJson) as Place;
export const destinationsOf = (t: TripRow): Place[] => JSON.parse(t.destinationsJson) as Place[];

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
function statusLabelOf(t: TripRow): string {
  const label = tripStatusLabel[t.status];
  if (t.priority !== 'emergency') return label;
  if (t.approvalStatus === 'rejected') return `${label}·补单已驳回`;
  if (t.approvalStatus === 'returned') return `${label}·补单被退回`;
  return label;
}

export function toListItem(t: TripRow, assignments: AssignmentRow[]): TripListItem {
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
  };
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
