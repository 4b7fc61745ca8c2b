import {
  aggregateAfterReturn, driverProblems, implausibilities, mayPreempt, trackDisagrees, nextAssignmentStatus, nextTripStatus, slotsFor, TripAction, vehicleProblems, windowProblem,
} from '../../../server/src/modules/trips/trips.rules';
import type { AssignmentStatus, TripStatus } from '@shared/trips/trips.schemas';
import { afterDecision, mayDecide } from '../../../server/src/modules/approvals/approvals.rules';

describe('trip state machine', () => {
  const allowed: Array<[TripStatus, TripAction, TripStatus | null]> = [
    ['pending_approval', 'approve', 'approved'],
    ['approved', 'approve', null],
    ['pending_approval', 'reject', 'rejected'],
    ['pending_approval', 'return_for_edit', 'returned_for_edit'],
    ['returned_for_edit', 'resubmit', 'pending_approval'],
    ['rejected', 'resubmit', null],
    ['approved', 'dispatch', 'dispatched'],
    ['awaiting_rental', 'dispatch', 'dispatched'],
    ['pending_approval', 'dispatch', null],
    ['approved', 'depart', null],
    ['dispatched', 'depart', 'in_progress'],
    ['in_progress', 'depart', 'in_progress'],
    ['in_progress', 'return_all', 'returned'],
    ['dispatched', 'return_all', null],
    ['returned', 'review', 'reviewed'],
    ['returned', 'confirm', null],
    ['reviewed', 'confirm', 'confirmed'],
    ['confirmed', 'rate', 'completed'],
    ['completed', 'rate', null],
    ['dispatched', 'cancel', 'cancelled'],
    ['in_progress', 'cancel', null],
    ['cancelled', 'cancel', null],
    ['pending_approval', 'expire', 'expired'],
    ['approved', 'expire', null],
    ['awaiting_rental', 'rental_filled', 'awaiting_rental'],
    ['dispatched', 'release_dispatch', 'approved'],
  ];
  it.each(allowed)('when a trip in %s gets %s, then it becomes %s', (from, action, to) => {
    expect(nextTripStatus(from, action)).toBe(to);
  });

  const steps: Array<[AssignmentStatus, 'accept' | 'depart' | 'return' | 'fill' | 'release', AssignmentStatus | null]> = [
    ['dispatched', 'accept', 'accepted'], ['dispatched', 'depart', null], ['accepted', 'depart', 'departed'], ['departed', 'return', 'returned'],
    ['returned', 'return', null], ['awaiting_company', 'fill', 'dispatched'], ['departed', 'release', null], ['accepted', 'release', 'released'],
  ];
  it.each(steps)('when an assignment in %s gets %s, then it becomes %s', (from, action, to) => {
    expect(nextAssignmentStatus(from, action)).toBe(to);
  });

  it.each([
    [['returned', 'returned'], 'returned'], [['returned', 'departed'], 'in_progress'], [['returned', 'released'], 'returned'], [['released'], 'in_progress'],
  ] as Array<[AssignmentStatus[], string]>)('when assignments are %j, then the trip is %s', (statuses, expected) => {
    expect(aggregateAfterReturn(statuses)).toBe(expected);
  });
});

describe('booking slots', () => {
  const at = (hhmm: string) => Date.parse(`2026-11-26T${hhmm}:00Z`);
  it.each([
    ['09:00', '11:00', 5, 24], ['09:02', '09:03', 5, 1], ['09:04', '09:06', 5, 2], ['09:00', '11:00', 15, 8],
  ])('when the window is %s–%s with %i-minute slots, then it covers %i slots', (s, e, size, n) => {
    expect(slotsFor(at(s as string), at(e as string), size as number)).toHaveLength(n as number);
  });
  it.each([
    ['09:00', '11:00', '10:59', '12:00', true], ['09:00', '11:00', '11:00', '12:00', false], ['09:00', '11:00', '08:00', '09:01', true], ['09:00', '09:02', '09:03', '09:04', true],
  ])('when %s–%s meets %s–%s, then they share a slot: %s', (s1, e1, s2, e2, shared) => {
    const a = new Set(slotsFor(at(s1 as string), at(e1 as string), 5));
    expect(slotsFor(at(s2 as string), at(e2 as string), 5).some((x) => a.has(x))).toBe(shared);
  });
  it('when the window is empty, then slotsFor refuses it', () => {
    expect(() => slotsFor(at('09:00'), at('09:00'), 5)).toThrow(RangeError);
  });
});

describe('eligibility and windows', () => {
  const end = Date.parse('2026-11-26T10:00:00+08:00');
  const car = { status: 'in_use', insuranceDue: '2027-06-30', inspectionDue: '2027-09-30', seats: 5, category: 'general' };
  it.each([
    [{}, []], [{ insuranceDue: '2026-01-31' }, ['保险 2026-01-31 到期']], [{ inspectionDue: '2026-11-25' }, ['年检 2026-11-25 到期']],
    [{ inspectionDue: '2026-11-26' }, []], [{ seats: 2 }, ['座位不足（1 座 < 2）']], [{ status: 'repair' }, ['车辆不在用']],
  ])('when the vehicle differs by %j, then the problems are %j', (patch, problems) => {
    expect(vehicleProblems({ ...car, ...patch }, { endMs: end, seatsWanted: 2, category: null })).toEqual(problems);
  });
  it('when the licence expired, then the driver is not eligible', () => {
    expect(driverProblems({ status: 'active', licenceExpires: '2026-03-01' }, { endMs: end })).toEqual(['驾驶证 2026-03-01 到期']);
    expect(driverProblems({ status: 'active', licenceExpires: '2030-05-01' }, { endMs: end })).toEqual([]);
  });
  it.each([
    [1000, 2000, 0, null], [1000, 2000, 1500, 'start_in_past'], [2000, 1000, 0, 'end_not_after_start'], [1000, 1000 + 8 * 86_400_000, 0, 'too_long'],
  ])('when the window is %i–%i at %i, then the problem is %s', (s, e, now, problem) => {
    expect(windowProblem({ startMs: s, endMs: e }, now)).toBe(problem);
  });
  it.each([
    [89, null], [90, null], [91, 'beyond_horizon'], [3 * 365, 'beyond_horizon'],
  ] as const)('when a trip starts %i days ahead with a 90-day horizon, then the problem is %s', (days, problem) => {
    const start = days * 86_400_000;
    expect(windowProblem({ startMs: start, endMs: start + 3600_000 }, 0, 7, 90)).toBe(problem);
  });
  const h = 3600_000;
  it.each([
    ['as booked', { departedMs: -15 * 60_000, returnedMs: 2 * h, departKm: 100, returnKm: 160 }, []],
    ['out 10 h early, back 2 minutes later 45 km on', { departedMs: -10 * h, returnedMs: -10 * h + 120_000, departKm: 100, returnKm: 145 }, [
      { kind: 'departed_early', minutes: 600 }, { kind: 'returned_before_start', minutes: 598 }, { kind: 'too_fast', km: 45, minutes: 2, kmh: 1350 },
    ]],
    ['back before it left', { departedMs: h, returnedMs: h, departKm: 100, returnKm: 100 }, [{ kind: 'returned_before_departure' }]],
    ['out 1 h 59 min early on a long drive', { departedMs: -119 * 60_000, returnedMs: 5 * h, departKm: 100, returnKm: 700 }, []],
    ['not back yet', { departedMs: -30 * 60_000, returnedMs: null, departKm: 100, returnKm: null }, []],
  ] as const)('when a car is %s, then the review flags %j', (_label, a, flags) => {
    expect(implausibilities({ startMs: 0 }, a)).toEqual(flags);
  });
  it.each([
    [45, 1.8, true], [45, 40, false], [12, 9, false], [3, 0, false], [30, 12, true], [10, 30, true],
  ])('when the odometers say %d km and the track %d km, then they disagree: %s', (odometer, track, flagged) => {
    expect(trackDisagrees(odometer, track)).toBe(flagged);
  });
  it.each([
    ['emergency', 'normal', 'dispatched', true], ['emergency', 'normal', 'departed', false], ['emergency', 'emergency', 'accepted', false], ['high', 'normal', 'accepted', true],
  ] as const)('when a %s trip meets a %s booking that is %s, then it may pre-empt: %s', (taker, holder, status, ok) => {
    expect(mayPreempt(taker, holder, status)).toBe(ok);
  });
});

describe('approval rules', () => {
  const level = { level: 1, approverRole: 'approver' as const, approverUserId: null };
  it.each([
    [{ userId: 2, roles: ['approver'] }, 1, [], true], [{ userId: 1, roles: ['approver'] }, 1, [], false], [{ userId: 2, roles: ['applicant'] }, 1, [], false],
    [{ userId: 2, roles: ['approver'] }, 1, [2], false],
  ] as const)('when %j decides a request of user %i with earlier deciders %j, then allowed: %s', (who, applicant, earlier, ok) => {
    expect(mayDecide(level, { userId: who.userId, roles: [...who.roles] }, applicant, [...earlier])).toBe(ok);
  });
  it.each([
    ['approve', 1, 2, { status: 'pending', level: 2, final: false }], ['approve', 2, 2, { status: 'approved', level: 2, final: true }],
    ['reject', 1, 2, { status: 'rejected', level: 1, final: true }], ['return', 1, 1, { status: 'returned', level: 1, final: true }],
  ] as const)('when %s at level %i of %i, then %j', (action, lvl, levels, out) => {
    expect(afterDecision(action, lvl, levels)).toEqual(out);
  });
});
