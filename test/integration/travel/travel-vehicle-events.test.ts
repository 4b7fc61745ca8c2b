import { addShanghaiDays } from '@shared/common/time';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { signInAs } from '../../helpers/auth';
import { approvedTravel, travelBody } from '../../helpers/travel';
import { approvedTrip, as, tripBody, type As } from '../../helpers/trips';
import { rentalTrip } from '../../helpers/rental-trips';
import { carIdOf, rentalCar, STATION_NORTH_SQUARE, type RentalCarSim } from '../../helpers/rental-cars';
import { ManualClock } from '../../../server/src/platform/clock';
import { DomainEventEntity } from '../../../server/src/platform/events/outbox.entity';

/**
 * What a 出差 record learns from the events of the trips and rentals linked to it (#21 item 5): a rental
 * cancelled before pick-up closes its link at no cost (rental.reservation_cancelled, as an expiry does),
 * and a dispatcher's cost correction after review (trip.costs_corrected) moves the link's cost.
 */
describe(`a 出差 record follows its linked rentals and trips (${backend})`, () => {
  let t: TestApp;
  let wang: As; let li: As; let zhang: As;
  let travelId: number;
  let car: RentalCarSim;
  const clock = new ManualClock(new Date());
  const today = addShanghaiDays(new Date(), 0);
  const carOn = addShanghaiDays(new Date(), 3);
  const carBack = addShanghaiDays(new Date(), 4);

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    [wang, li, zhang] = await Promise.all(['王建国', '李秀英', '张伟'].map((n) => as(t, n)));
    car = await rentalCar(t, '冀AD20001', STATION_NORTH_SQUARE, 3);
    travelId = await approvedTravel(wang, li, travelBody(0, {
      purpose: '赴保定对接京雄城际项目',
      legs: [
        { departOn: today, arriveOn: today, fromPlace: '省发改委', toPlace: '石家庄站', toRegionCode: '130100', transport: 'nev' },
        { departOn: carOn, arriveOn: carBack, fromPlace: '石家庄', toPlace: '保定', toRegionCode: '130600', transport: 'official_car' },
      ],
      reception: null,
    }).body);
  }, 60_000);
  afterAll(async () => { car?.close(); await t?.close(); });

  const linkOf = async (kind: string, subjectId: number) => {
    const record = (await wang.get(`/api/travel/${travelId}`)).body as { links: Array<{ id: number; kind: string; subjectId: number; state: string; costFen: number | null }>; costs: Array<{ key: string; amountFen: number }> };
    return { link: record.links.find((l) => l.kind === kind && l.subjectId === subjectId)!, costs: record.costs };
  };

  it('when a linked rental is cancelled before pick-up, then the rental records the cancellation and the record shows the link cancelled with no cost', async () => {
    const tripId = await approvedTrip(wang, [li], tripBody({ purpose: '分时租赁赴石家庄站（出差）' }, { daysAhead: 1, now: clock.now() }));
    const auth = await signInAs(t, '王建国');
    await wang.put('/api/rental/licence', { licenceNo: '130102198001011234', licenceClass: 'C1', expiresOn: '2031-05-01' });
    const held = await wang.post('/api/rental/rentals', { carId: await carIdOf(t, auth.Authorization, '冀AD20001'), purpose: 'official', tripId });
    expect(held.status).toBe(201);
    const rentalId = held.body.id as number;
    const linked = await wang.post(`/api/travel/${travelId}/vehicles`, { kind: 'rental', subjectId: rentalId });
    expect(linked.status).toBe(201);
    expect((await linkOf('rental', rentalId)).link).toMatchObject({ state: 'open', costFen: null });

    clock.advance(5 * 60_000);
    const cancelled = await wang.post(`/api/rental/rentals/${rentalId}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const events = await t.deps.db.manager.find(DomainEventEntity, { where: { type: 'rental.reservation_cancelled', aggregateId: String(rentalId) } });
    expect(events).toHaveLength(1);
    const payload = JSON.parse(events[0]!.payloadJson) as object;
    expect(payload).toMatchObject({ rentalId, userId: wang.userId, plate: '冀AD20001', reason: 'user', at: clock.now().toISOString() });

    await t.deps.events.drain();
    const after = await linkOf('rental', rentalId);
    expect(after.link).toMatchObject({ state: 'cancelled', costFen: 0 });
    // A cancelled rental is no cost of the record.
    expect(after.costs.find((c) => c.key === `vehicle:${after.link.id}`)).toBeUndefined();
  }, 60_000);

  it('when the dispatcher corrects a linked trip\'s costs after review, then the link\'s cost follows; a trip linked after its correction is not corrected twice', async () => {
    const first = await rentalTrip(t, 3, { rentalFen: 10_000, fuelFen: 1_000, tollFen: 500 });
    const linked = await wang.post(`/api/travel/${travelId}/vehicles`, { kind: 'trip', subjectId: first.tripId });
    expect(linked.status).toBe(201);
    expect((await linkOf('trip', first.tripId)).link).toMatchObject({ state: 'ended', costFen: 11_500 });

    clock.advance(60_000);
    const fix = await zhang.post(`/api/trips/${first.tripId}/assignments/${first.assignmentId}/costs`, { rentalFen: 10_000, fuelFen: 1_000, tollFen: 800, parkingFen: 300, otherFen: 0, reason: '补交停车与过路票据' });
    expect(fix.status).toBe(200);
    await t.deps.events.drain();
    const corrected = await linkOf('trip', first.tripId);
    expect(corrected.link.costFen).toBe(12_100);
    expect(corrected.costs.find((c) => c.key === `vehicle:${corrected.link.id}`)!.amountFen).toBe(12_100);

    // Corrected first, linked a minute later: the link reads the corrected cost, and the event does not add the difference again.
    const second = await rentalTrip(t, 4, { rentalFen: 8_000, fuelFen: 0, tollFen: 0 });
    expect((await zhang.post(`/api/trips/${second.tripId}/assignments/${second.assignmentId}/costs`, { rentalFen: 6_000, fuelFen: 0, tollFen: 0, parkingFen: 0, otherFen: 0, reason: '按半日计价' })).status).toBe(200);
    clock.advance(60_000);
    expect((await wang.post(`/api/travel/${travelId}/vehicles`, { kind: 'trip', subjectId: second.tripId })).status).toBe(201);
    await t.deps.events.drain();
    expect((await linkOf('trip', second.tripId)).link).toMatchObject({ state: 'ended', costFen: 6_000 });
  }, 60_000);

  it('when a linked trip is cancelled before departure, then its link is cancelled at no cost and is no cost of the record', async () => {
    const tripId = await approvedTrip(wang, [li], tripBody({ purpose: '赴保定对接京雄城际项目（用车）' }, { daysAhead: 3, hour: 14 }));
    expect((await wang.post(`/api/travel/${travelId}/vehicles`, { kind: 'trip', subjectId: tripId })).status).toBe(201);
    expect((await linkOf('trip', tripId)).link).toMatchObject({ state: 'open', costFen: null });
    expect((await wang.post(`/api/trips/${tripId}/cancel`, { reason: '会议改期' })).status).toBe(200);
    await t.deps.events.drain();
    const after = await linkOf('trip', tripId);
    expect(after.link).toMatchObject({ state: 'cancelled', costFen: 0 });
    expect(after.costs.find((c) => c.key === `vehicle:${after.link.id}`)).toBeUndefined();
  }, 60_000);
});
