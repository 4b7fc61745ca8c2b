import type { Actor } from '../../../server/src/platform/data-scope';
import {
  canActOnDayPlan, canCancelTrip, canMarkNoShow, canReadDayPlan, canReadPayment, canReadTrip, canRefundPayment, type ActorUnit,
} from '../../../server/src/platform/access';

/** The access layer's policies on their own; expected answers written out from DOMAIN.md §2 and README: Money. */
const actor = (roles: Actor['roles'], over: Partial<Actor> = {}): Actor => ({ userId: 1, unitId: 40, regionCode: '130100', regionLevel: 'city', roles, ...over });
const office: ActorUnit = { kind: 'supervision_office' };
const ordinary: ActorUnit = { kind: 'party_government' };

describe('payment policy: the payer, and finance over the payer as for statements', () => {
  // Payers in 石家庄 city (unit 41), 长安区 below it (unit 42), the province (unit 43); one payer the directory lacks.
  const payments = { city: { payerUserId: 7, payer: { unitId: 41, regionCode: '130100' } }, county: { payerUserId: 8, payer: { unitId: 42, regionCode: '130102' } },
    province: { payerUserId: 9, payer: { unitId: 43, regionCode: '130000' } }, unknown: { payerUserId: 10, payer: null } };
  const readable = (a: Actor, unit: ActorUnit | null) => Object.entries(payments).filter(([, p]) => canReadPayment(a, unit, p)).map(([k]) => k);
  const refundable = (a: Actor, unit: ActorUnit | null) => Object.entries(payments).filter(([, p]) => canRefundPayment(a, unit, p)).map(([k]) => k);

  it.each([
    ['city bureau finance', actor(['finance']), office, ['city', 'county'], ['city', 'county']],
    ['province bureau finance', actor(['finance'], { regionCode: '130000', regionLevel: 'province' }), office, ['city', 'county', 'province'], ['city', 'county', 'province']],
    ['finance of an ordinary unit', actor(['finance'], { unitId: 42, regionCode: '130102', regionLevel: 'county' }), ordinary, ['county'], ['county']],
    ['platform admin', actor(['platform_admin']), null, ['city', 'county', 'province', 'unknown'], ['city', 'county', 'province', 'unknown']],
    ['supervisor (not finance)', actor(['supervisor']), office, [], []],
    ['the payer of the province payment', actor(['applicant'], { userId: 9 }), null, ['province'], []],
  ])('when %s asks, then it reads %j and refunds %j', (_who, a, unit, reads, refunds) => {
    expect(readable(a, unit)).toEqual(reads);
    expect(refundable(a, unit)).toEqual(refunds);
  });
});

describe('trip policy', () => {
  const trip = { unitId: 42, regionCode: '130102', applicantId: 5, bookedById: 6 };
  const crew = (actorDriverId: number | null) => ({ actorDriverId, assignments: [{ driverId: 3, companyId: null }, { driverId: null, companyId: 77 }] });

  it('when a driver or rental company works on a trip of another unit, then it reads it but only the driver marks a no-show; a dispatcher of another unit does neither', () => {
    const driver = actor(['driver'], { unitId: 99 });
    expect(canReadTrip(driver, trip)).toBe(false);
    expect(canReadTrip(driver, trip, crew(3))).toBe(true);
    expect(canMarkNoShow(driver, trip, crew(3))).toBe(true);
    expect(canReadTrip(actor(['rental_operator'], { unitId: 77 }), trip, crew(null))).toBe(true);
    expect(canMarkNoShow(actor(['rental_operator'], { unitId: 77 }), trip, crew(null))).toBe(false);
    const otherDispatcher = actor(['dispatcher', 'driver'], { unitId: 99 });
    expect(canReadTrip(otherDispatcher, trip, crew(4))).toBe(false);
    expect(canCancelTrip(otherDispatcher, trip)).toBe(false);
    expect(canCancelTrip(actor(['dispatcher'], { unitId: 42 }), trip)).toBe(true);
    expect(canCancelTrip(actor(['applicant'], { userId: 6, unitId: 42 }), trip)).toBe(true);
  });
});

describe('day plan policy: the unit\'s dispatchers read and act; supervisors of the region read only', () => {
  const plan = { unitId: 42, regionCode: '130102' };
  it.each([
    ['the unit\'s dispatcher', actor(['dispatcher'], { unitId: 42 }), true, true],
    ['another unit\'s dispatcher', actor(['dispatcher'], { unitId: 41 }), false, false],
    ['the city\'s supervisor', actor(['supervisor']), true, false],
    ['a sibling city\'s supervisor', actor(['supervisor'], { regionCode: '130600' }), false, false],
    ['the unit\'s fleet admin', actor(['fleet_admin'], { unitId: 42 }), false, false],
  ])('when %s asks, then read %s, act %s', (_who, a, read, act) => {
    expect(canReadDayPlan(a, plan)).toBe(read);
    expect(canActOnDayPlan(a, plan)).toBe(act);
  });
});
