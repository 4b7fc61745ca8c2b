import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as, type As } from '../../helpers/trips';
import { seedVehicleId } from '../../helpers/seed-lookup';
import { ManualClock } from '../../../server/src/platform/clock';
import type { PositionReport } from '../../../server/src/modules/supervision/position-stream';
import { WarningEngine } from '../../../server/src/modules/supervision/warning-engine';
import { SupervisionRepository } from '../../../server/src/modules/supervision/supervision.repository';
import { loadRuleSettings } from '../../../server/src/modules/supervision/supervision.config';
import { RedisEpisodes } from '../../../server/src/modules/supervision/geofence.rules';
import { shanghaiInstant } from '@shared/common/time';

/**
 * #18 follow-up: a geofence episode is raised exactly once across instances and restarts. The app's
 * engine and a second engine (another instance: same database, same Redis) see the same entry into a
 * forbidden area from different first fixes; an engine started afresh (a restart) sees the ongoing
 * episode; then the car leaves and comes back, a new episode. Also the designated spot's GET and DELETE.
 */
describe(`supervision geofence episodes across instances, parking spot read and clear (${backend})`, () => {
  let t: TestApp;
  const clock = new ManualClock(shanghaiInstant('2026-03-04', '10:00'));
  beforeAll(async () => { t = await startTestApp({}, { clock }); });
  afterAll(async () => { await t.close(); });

  const SPOT = { lat: 38.0430, lng: 114.5410 };
  const east = (p: { lat: number; lng: number }, metres: number) => ({ lat: p.lat, lng: p.lng + metres / (111_320 * Math.cos((p.lat * Math.PI) / 180)) });
  const at = (min: number) => new Date(shanghaiInstant('2026-03-04', '10:00').getTime() + min * 60_000);
  const fix = (vehicleId: number, min: number, p: { lat: number; lng: number }): PositionReport => ({ vehicleId, atMs: at(min).getTime(), speedKmh: 0, alarmWord: 0, lat: p.lat, lng: p.lng });

  /** Another instance's engine: its own memory, the same database and Redis, wired like the app's. */
  const anotherEngine = () => {
    const d = t.deps;
    return new WarningEngine(d.db, new SupervisionRepository(d.db), clock, {
      vehiclesByIds: (ids) => d.fleet.vehiclesByIds(ids),
      vehiclesWithTerminals: () => d.fleet.vehiclesWithTerminals(),
      vehiclesDueBy: (day) => d.fleet.vehiclesDueBy(day),
      latestPositions: (ids) => d.telematics.service.latestPositions(ids),
      carsOnTheRoad: () => d.trips.carsOnTheRoad(),
      quotaBreaches: async () => [],
    }, loadRuleSettings(d.config.rawEnv), d.logger, d.events, new RedisEpisodes(d.redis));
  };

  let car: number;
  let he: As;
  let zheng: As;
  beforeAll(async () => {
    car = await seedVehicleId(t, '冀A00108');
    he = await as(t, '何勇');
    zheng = await as(t, '郑斌');
  });

  const entries = async () => ((await he.get('/api/supervision/warnings?pageSize=100&kind=forbidden_area_entry')).body.items as Array<{ vehicleId: number; title: string }>)
    .filter((w) => w.vehicleId === car);

  it('when two instances see the same entry into a forbidden area and a restarted one sees it go on, then one warning is raised; a new entry after leaving raises the second', async () => {
    const fence = await he.post('/api/supervision/geofences', { name: '抱犊寨景区', kind: 'forbidden', circle: { ...SPOT, radiusM: 500 } });
    expect(fence.status).toBe(201);
    const a = t.deps.supervision.engine;
    const b = anotherEngine();
    const rulesA = await a.watchingRules();
    const rulesB = await b.watchingRules();
    // Instance A's live stream sees the car outside, then inside at 10:02; instance B's check first sees it at 10:03.
    expect(await rulesA.evaluate([fix(car, 0, east(SPOT, 2000)), fix(car, 2, east(SPOT, 100))])).toHaveLength(1);
    expect(await rulesB.evaluate([fix(car, 3, east(SPOT, 50))])).toHaveLength(0);
    expect(await entries()).toHaveLength(1);

    // A restart: a fresh engine with no memory, the car still inside.
    const restarted = await anotherEngine().watchingRules();
    expect(await restarted.evaluate([fix(car, 6, east(SPOT, 80))])).toHaveLength(0);
    expect(await entries()).toHaveLength(1);

    // The car leaves (seen by the restarted one) and comes back (seen by B): a new episode, raised once.
    expect(await restarted.evaluate([fix(car, 10, east(SPOT, 3000))])).toHaveLength(0);
    expect(await rulesB.evaluate([fix(car, 12, east(SPOT, 3000)), fix(car, 15, east(SPOT, 20))])).toHaveLength(1);
    expect(await rulesA.evaluate([fix(car, 16, east(SPOT, 30))])).toHaveLength(0);
    expect(await restarted.evaluate([fix(car, 17, east(SPOT, 30))])).toHaveLength(0);
    const all = await entries();
    expect(all).toHaveLength(2);
    expect(all.every((w) => w.title.includes('驶入「抱犊寨景区」'))).toBe(true);
  });

  it('when the fleet admin reads and clears a car\'s designated spot, then GET shows it and after DELETE it is null; another unit\'s admin gets 403 and a stranger 404', async () => {
    expect((await he.get(`/api/supervision/parking-spots/${car}`)).body).toEqual({ spot: null });
    const set = await he.put(`/api/supervision/parking-spots/${car}`, { name: '区政府大院', lat: SPOT.lat, lng: SPOT.lng, radiusM: 150 });
    expect(set.status).toBe(200);
    const got = await he.get(`/api/supervision/parking-spots/${car}`);
    expect(got.status).toBe(200);
    expect(got.body.spot).toMatchObject({ vehicleId: car, name: '区政府大院', lat: SPOT.lat, lng: SPOT.lng, radiusM: 150 });
    // The county supervisor sees it but may not clear it.
    expect((await zheng.get(`/api/supervision/parking-spots/${car}`)).body.spot).toMatchObject({ name: '区政府大院' });
    const denied = await zheng.delete(`/api/supervision/parking-spots/${car}`);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain('单位车管');
    expect((await he.get('/api/supervision/parking-spots/999999')).status).toBe(404);
    expect((await he.delete(`/api/supervision/parking-spots/${car}`)).status).toBe(204);
    expect((await he.get(`/api/supervision/parking-spots/${car}`)).body).toEqual({ spot: null });
    expect((await he.get('/api/supervision/parking-spots')).body.filter((s: { vehicleId: number }) => s.vehicleId === car)).toHaveLength(0);
  });
});
