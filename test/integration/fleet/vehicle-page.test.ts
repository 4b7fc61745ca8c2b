import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { approvedTrip, as, tripBody, type As } from '../../helpers/trips';
import { seedVehicleId } from '../../helpers/seed-lookup';
import { DriverEntity } from '../../../server/src/modules/fleet/fleet.entity';

/**
 * The vehicle page (#17 item 3): what a fleet admin looks for on one page — recent trips with driver and
 * odometers and this month's/year's mileage (from trips), warnings (from supervision, for those who read
 * warnings), 三定 records, documents and their expiry.
 */
describe(`the vehicle page: trips, mileage, warnings, documents (${backend})`, () => {
  let t: TestApp;
  let wang: As; let li: As; let zhang: As; let zhao: As; let liu: As; let he: As;
  beforeAll(async () => {
    t = await startTestApp();
    [wang, li, zhang, zhao, liu, he] = await Promise.all(['王建国', '李秀英', '张伟', '赵磊', '刘强', '何勇'].map((n) => as(t, n)));
  });
  afterAll(() => t.close());

  const ok = async <T extends { status: number; body: unknown }>(res: PromiseLike<T>): Promise<T> => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r;
  };

  it('when a car has been out on a trip and back, then its page lists the trip with driver and odometers, and the kilometres this month and this year', async () => {
    const vehicleId = await seedVehicleId(t, '冀A00104'); // 发改委's 别克 GL8, odometer 65,400 km
    const driverId = (await t.deps.db.manager.findOneByOrFail(DriverEntity, { name: '刘强' })).id;
    const tripId = await approvedTrip(wang, [li], tripBody({ purpose: '赴石家庄市调研重点项目' }, { daysAhead: 1 }));
    await ok(zhang.post(`/api/dispatch/trips/${tripId}`, { picks: [{ vehicleId, driverId }] }));
    const assignment = (await wang.get(`/api/trips/${tripId}`)).body.assignments[0] as { id: number };
    await ok(liu.post(`/api/assignments/${assignment.id}/accept`));
    await ok(liu.post(`/api/assignments/${assignment.id}/depart`, { odometerKm: 65_400 }));
    await ok(liu.post(`/api/assignments/${assignment.id}/return`, { odometerKm: 65_436.5, fuelFen: 0, tollFen: 0, parkingFen: 0, otherFen: 0 }));

    const life = (await ok(zhao.get(`/api/vehicles/${vehicleId}/life`))).body;
    expect(life.trips[0]).toMatchObject({
      tripId, assignmentId: assignment.id, purpose: '赴石家庄市调研重点项目', status: 'returned', statusLabel: expect.any(String), driverName: '刘强',
      departOdometerKm: 65_400, returnOdometerKm: 65_436.5, km: 36.5,
    });
    expect(life.mileage).toMatchObject({ odometerKm: 65_436.5, thisMonthKm: 36.5, thisYearKm: 36.5 });
    expect(life.mileage.readings[0]).toMatchObject({ odometerKm: 65_436.5, tripId });
    // 赵磊 is a fleet admin: he reads warnings (none for this car yet); the applicant 王建国 sees the car but not warnings.
    expect(life.warnings).toEqual([]);
    expect((await ok(wang.get(`/api/vehicles/${vehicleId}/life`))).body.warnings).toBeNull();
  });

  it('when a car\'s insurance has lapsed, then its page shows the expiry warning supervision raised and the document as expired, soonest first', async () => {
    const vehicleId = await seedVehicleId(t, '冀A00108'); // 长安区政府办's car, insured until 2026-01-31
    const [vehicle] = await t.deps.fleet.vehiclesByIds([vehicleId]);
    await t.deps.supervision.engine.checkExpiries();
    const life = (await ok(he.get(`/api/vehicles/${vehicleId}/life`))).body;
    const insurance = life.warnings.find((w: { title: string }) => w.title.includes('保险'));
    expect(insurance).toMatchObject({ kindLabel: expect.stringContaining('保险'), title: '冀A·00108 保险已过期' });
    const doc = life.documents.find((d: { kind: string }) => d.kind === 'insurance');
    expect(doc).toMatchObject({ label: '保险到期', due: vehicle!.insuranceDue, state: 'expired' });
    expect(doc.daysLeft).toBeLessThan(0);
    expect(life.documents.map((d: { due: string }) => d.due)).toEqual([...life.documents.map((d: { due: string }) => d.due)].sort());
    // Another unit's fleet admin does not see this car at all.
    expect((await zhao.get(`/api/vehicles/${vehicleId}/life`)).status).toBe(404);
  });
});
