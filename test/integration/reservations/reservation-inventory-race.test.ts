import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as } from '../../helpers/trips';
import { approvedBusinessTrip, roomTypeId } from '../../helpers/reservations';
import { ReservationEntity } from '../../../server/src/modules/reservations/reservations.entity';

describe(`the last rooms under concurrent bookings (${backend})`, () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(() => t.close());

  it('when 100 bookings arrive at once for the last 5 rooms, then exactly 5 succeed, the others are told it is sold out, and the night is at 0', async () => {
    const { wang, tripId, day } = await approvedBusinessTrip(t);
    const lin = await as(t, '林娜');
    const standard = await roomTypeId(wang, tripId, day, '标准间');
    const set = await lin.put('/api/reservations/inventory/rooms', { roomTypeId: standard, from: day, to: day, rooms: 5, rateFen: 32_000 });
    expect(set.status).toBe(200);

    const results = await Promise.all(Array.from({ length: 100 }, () => wang.post('/api/reservations/hotel', { tripId, roomTypeId: standard, checkIn: day, nights: 1, rooms: 1 })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(95);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'RESERVATION_SOLD_OUT' && r.body.error.message.includes('已无 1 间空房'))).toBe(true);

    const inv = await lin.get('/api/reservations/inventory');
    expect(inv.body.rows.find((r: { key: string }) => r.key === `${standard}:${day}`)).toMatchObject({ total: 5, remaining: 0 });
    expect(await t.deps.db.manager.count(ReservationEntity, { where: { offerId: standard, startDate: day } })).toBe(5);

    // One cancelled: its room is free again for the next booking.
    const first = results.find((r) => r.status === 201)!;
    expect((await wang.post(`/api/reservations/${first.body.id}/cancel`, {})).status).toBe(200);
    expect((await wang.post('/api/reservations/hotel', { tripId, roomTypeId: standard, checkIn: day, nights: 1, rooms: 1 })).status).toBe(201);
  });
});
