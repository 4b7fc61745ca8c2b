import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as } from '../../helpers/trips';
import { seedUnitId, seedUserId, seedVehicleId } from '../../helpers/seed-lookup';
import { DriverEntity, DriverRow, VehicleEntity, VehicleRow } from '../../../server/src/modules/fleet/fleet.entity';
import { AssignmentEntity, TripEntity } from '../../../server/src/modules/trips/trips.entity';

const N = 200;

describe(`no vehicle or driver in two overlapping trips, under concurrency (${backend})`, () => {
  let t: TestApp;
  let unitId: number;
  let applicantId: number;
  beforeAll(async () => {
    t = await startTestApp();
    unitId = await seedUnitId(t, '河北省发展和改革委员会');
    applicantId = await seedUserId(t, '王建国');
  });
  afterAll(() => t.close());

  /** N approved trips whose windows all overlap one another (starts spread over an hour, each 2 h long). */
  async function overlappingTrips(dayOffset: number): Promise<number[]> {
    const base = Date.now() + dayOffset * 86_400_000;
    const rows = Array.from({ length: N }, (_, i) => ({
      unitId, regionCode: '130000', applicantId, applicantName: '王建国', bookedById: applicantId, purpose: `并发测试 ${i}`, passengers: 1, passengerNames: '',
      startAt: new Date(base + (i % 60) * 60_000), endAt: new Date(base + 2 * 3600_000 + (i % 60) * 60_000),
      originJson: JSON.stringify({ name: '省发改委', lat: 38.04, lng: 114.5 }), destinationsJson: JSON.stringify([{ name: '省政府', lat: 38.05, lng: 114.52 }]),
      category: null, seatsWanted: 1, vehiclesNeeded: 1, kind: 'in_city' as const, priority: 'normal' as const, status: 'approved' as const, approvalStatus: 'approved',
      backfillDueAt: null, backfillOverdue: false, returnOverdue: false, reminded: false, costFen: 0, rating: null, ratingComment: null, cancelReason: null,
      createdAt: new Date(), updatedAt: new Date(),
    }));
    const ids: number[] = [];
    for (const r of rows) ids.push((await t.deps.db.manager.save(TripEntity, t.deps.db.manager.create(TripEntity, r))).id);
    return ids;
  }

  it(`when ${N} dispatches of overlapping trips race for one vehicle, then exactly one succeeds and the others get 409 naming the vehicle`, async () => {
    const dispatcher = await as(t, '张伟');
    const vehicleId = await seedVehicleId(t, '冀A00101');
    const drivers: DriverRow[] = [];
    for (let i = 0; i < N; i++) {
      drivers.push(await t.deps.db.manager.save(DriverEntity, t.deps.db.manager.create(DriverEntity, {
        userId: null, name: `并发司机${i}`, phone: `1390000${String(i).padStart(4, '0')}`, unitId, regionCode: '130000', licenceClass: 'C1', licenceExpires: '2035-01-01', status: 'active',
      })));
    }
    const trips = await overlappingTrips(2);
    const results = await Promise.all(trips.map((id, i) => dispatcher.post(`/api/dispatch/trips/${id}`, { picks: [{ vehicleId, driverId: drivers[i]!.id }] })));
    const ok = results.filter((r) => r.status === 200);
    const conflicts = results.filter((r) => r.status === 409);
    expect(ok).toHaveLength(1);
    expect(conflicts).toHaveLength(N - 1);
    const winner = ok[0]!.body.id as number;
    for (const r of conflicts) {
      expect(r.body.error.code).toBe('RESOURCE_BOOKED');
      expect(r.body.error.message).toMatch(new RegExp(`^车辆 冀A·00101 .*\\d{2}:\\d{2}–.*\\d{2}:\\d{2} 已被行程 ${winner} 占用`));
    }
    const live = await t.deps.db.manager.find(AssignmentEntity, { where: { vehicleId } });
    expect(live.filter((a) => trips.includes(a.tripId))).toHaveLength(1);
    const stillApproved = (await t.deps.db.manager.findBy(TripEntity, { status: 'approved' })).filter((x) => trips.includes(x.id));
    expect(stillApproved).toHaveLength(N - 1);
    const orphanSlots = await t.deps.db.manager.query('SELECT COUNT(*) AS n FROM resource_slot s LEFT JOIN trip_assignment a ON a.id = s.assignment_id WHERE a.id IS NULL');
    expect(Number(orphanSlots[0].n)).toBe(0);
  });

  it(`when ${N} dispatches race for one driver with different vehicles, then exactly one succeeds and the others get 409 naming the driver`, async () => {
    const dispatcher = await as(t, '张伟');
    const driver = await t.deps.db.manager.findOneByOrFail(DriverEntity, { name: '刘强' });
    const vehicles: VehicleRow[] = [];
    for (let i = 0; i < N; i++) {
      vehicles.push(await t.deps.db.manager.save(VehicleEntity, t.deps.db.manager.create(VehicleEntity, {
        plate: `冀B${String(i).padStart(5, '0')}`, vin: `LFV2A21K${String(500000000 + i).slice(-9)}`, brandModel: '测试车', energyType: 'fuel', displacementMl: 1500,
        priceFen: 10_000_000, seats: 5, category: 'general', source: 'own', ownerUnitId: unitId, regionCode: '130000', registeredOn: '2024-01-01', odometerHm: 0,
        terminalPhone: null, deviceModel: null, insuranceDue: '2030-01-01', inspectionDue: '2030-01-01', maintenanceDue: null, status: 'in_use',
      })));
    }
    const trips = await overlappingTrips(5);
    const results = await Promise.all(trips.map((id, i) => dispatcher.post(`/api/dispatch/trips/${id}`, { picks: [{ vehicleId: vehicles[i]!.id, driverId: driver.id }] })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const conflicts = results.filter((r) => r.status === 409);
    expect(conflicts).toHaveLength(N - 1);
    for (const r of conflicts) {
      expect(r.body.error.code).toBe('RESOURCE_BOOKED');
      expect(r.body.error.message).toMatch(/^驾驶员 刘强 .* 已被行程 \d+ 占用/);
    }
    const assignments = (await t.deps.db.manager.findBy(AssignmentEntity, { driverId: driver.id })).filter((a) => trips.includes(a.tripId));
    expect(assignments).toHaveLength(1);
  });
});
