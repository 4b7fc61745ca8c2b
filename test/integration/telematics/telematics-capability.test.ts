import 'reflect-metadata';
import RedisMock from 'ioredis-mock';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { Database } from '../../../server/src/platform/db/database';
import { Telematics1764200000000 } from '../../../server/src/migrations/1764200000000-telematics';
import { loadTelematicsConfig, createTelematicsModule, TelematicsEntities } from '../../../server/src/modules/telematics';
import { LatestPositionStore } from '../../../server/src/modules/telematics/latest-position.store';
import { offlineNow, startDemoFleet, unitSpot, type Spot } from '../../../server/src/fakes/jt808-terminal';
import { ConfigError } from '../../../config/load-config';
import { FakeDirectory, until } from './telematics-harness';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('telematics capability start-up', () => {
  it('when the embedded default starts with the simulator on, then the demo cars tell the truth: parked at their unit\'s spot while idle, driving only a departed trip, odometer going on from the record, one offline in turn', async () => {
    const ds = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: TelematicsEntities, migrations: [Telematics1764200000000] });
    await ds.initialize();
    await ds.runMigrations();
    const redis = new RedisMock({ data: {} }) as unknown as Redis;
    await redis.flushall();
    const directory = new FakeDirectory();
    const cars = [1, 2, 3].map((v) => ({ ...directory.add(v), odometerHm: 1_884_000 + v, home: unitSpot(10 + v) }));
    const config = loadTelematicsConfig({ JT808_PORT: '0', SIMULATOR_INTERVAL_MS: '500' }, { production: false, embedded: true, redisEmulated: true });
    expect(config.simulator.enabled).toBe(true);
    const tm = await createTelematicsModule({
      config, env: {}, db: new Database(ds, 'sqlite'), redis, directory, logger: silent,
      access: { visibleVehicle: async (_a, id) => ({ id, plate: '' }), visibleVehicles: async () => [] },
    });
    let onTheRoad: Array<{ vehicleId: number; tripId: number; route: Spot[] }> = [];
    // 3,600 km/h: a second of driving is a kilometre, so the odometer visibly moves within the test.
    const demo = startDemoFleet(config, tm.gatewayPort, cars, silent, { onTheRoad: async () => onTheRoad }, { offlineEveryMs: 0, speedKmh: 3_600 });
    const store = new LatestPositionStore(redis);
    const positions = async () => new Map((await tm.service.latestPositions([1, 2, 3])).map((v) => [v.vehicleId, v]));
    try {
      await until(async () => (await store.get([1, 2, 3])).size === 3, 50);
      // Idle: every car stands at its unit's spot, ignition off, odometer where the record is.
      let now = await positions();
      for (const c of cars) {
        const p = now.get(c.vehicleId)!;
        expect(p.online).toBe(true);
        expect(p.position).toMatchObject({ speedKmh: 0, accOn: false, doorLocked: true });
        expect(p.position!.lat).toBeCloseTo(c.home.lat, 5);
        expect(p.position!.lon).toBeCloseTo(c.home.lng, 5);
      }
      const since = new Date(Date.now() - 60_000);
      expect((await tm.service.latestOdometers([1, 2, 3], since)).get(2)).toBe(1_884_002);

      // Car 2 departs on trip 77: it drives the trip's route and its odometer goes on from the record.
      onTheRoad = [{ vehicleId: 2, tripId: 77, route: [{ lat: 38.05, lng: 114.52 }, { lat: 38.87, lng: 115.46 }] }];
      await demo.follow();
      await until(async () => (await positions()).get(2)!.position!.speedKmh > 0, 50);
      await until(async () => ((await tm.service.latestOdometers([2], since)).get(2) ?? 0) > 1_884_002 + 10, 50);
      now = await positions();
      expect(now.get(2)!.position).toMatchObject({ accOn: true, speedKmh: 3_600 });
      expect(now.get(1)!.position).toMatchObject({ speedKmh: 0, accOn: false });

      // Returned: back at the unit's spot, parked.
      onTheRoad = [];
      await demo.follow();
      await until(async () => (await positions()).get(2)!.position!.speedKmh === 0, 50);
      expect((await positions()).get(2)!.position!.lat).toBeCloseTo(cars[1]!.home.lat, 5);
    } finally {
      demo.close();
    }

    // Now and then one car is offline, in turn: here the whole round is offline time, so exactly one car is out.
    const every = 3_600_000;
    const turn = startDemoFleet(config, tm.gatewayPort, cars, silent, { onTheRoad: async () => [] }, { offlineEveryMs: every, offlineMs: every });
    try {
      const out = [0, 1, 2].find((i) => offlineNow(i, 3, Date.now(), every, every))!;
      await until(async () => [...(await positions()).values()].filter((p) => p.online).length === 2, 50);
      expect((await positions()).get(cars[out]!.vehicleId)!.online).toBe(false);
    } finally {
      turn.close();
    }
    await tm.stop();
    await ds.destroy();
  });

  it.each([
    [{ JT808_WORKERS: '2' }, { production: false, embedded: true, redisEmulated: true }, 'JT808_WORKERS'],
    [{}, { production: true, embedded: false, redisEmulated: false }, 'JT808_AUTH_SECRET'],
    [{ JT808_DEVICE_PROFILES: '[{"model":1}]' }, { production: false, embedded: true, redisEmulated: true }, 'JT808_DEVICE_PROFILES'],
  ])('when the settings are %j in %j, then start-up stops naming %s', (env, opts, variable) => {
    expect(() => loadTelematicsConfig(env, opts)).toThrow(ConfigError);
    expect(() => loadTelematicsConfig(env, opts)).toThrow(variable);
  });
});
