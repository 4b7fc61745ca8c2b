import 'reflect-metadata';
import RedisMock from 'ioredis-mock';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { Database } from '../../../server/src/platform/db/database';
import { Telematics1764200000000 } from '../../../server/src/migrations/1764200000000-telematics';
import { loadTelematicsConfig, startTelematics, TelematicsEntities } from '../../../server/src/modules/telematics';
import { LatestPositionStore } from '../../../server/src/modules/telematics/latest-position.store';
import { startDemoFleet } from '../../../server/src/fakes/jt808-terminal';
import { ConfigError } from '../../../config/load-config';
import { FakeDirectory, until } from './telematics-harness';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('telematics capability start-up', () => {
  it('when the embedded default starts with the simulator on, then the demo cars register and their positions appear', async () => {
    const ds = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: TelematicsEntities, migrations: [Telematics1764200000000] });
    await ds.initialize();
    await ds.runMigrations();
    const redis = new RedisMock({ data: {} }) as unknown as Redis;
    await redis.flushall();
    const directory = new FakeDirectory();
    const cars = [1, 2, 3].map((v) => directory.add(v));
    const config = loadTelematicsConfig({ JT808_PORT: '0', SIMULATOR_INTERVAL_MS: '500' }, { production: false, embedded: true, redisEmulated: true });
    expect(config.simulator.enabled).toBe(true);
    const tm = await startTelematics({
      config, env: {}, db: new Database(ds, 'sqlite'), redis, directory, logger: silent,
      access: { visibleVehicle: async (_a, id) => ({ id, plate: '' }), visibleVehicles: async () => [] },
    });
    const demo = startDemoFleet(config, tm.gatewayPort, cars, silent);
    const store = new LatestPositionStore(redis);
    await until(async () => (await store.get([1, 2, 3])).size === 3, 50);
    const views = await tm.service.latestPositions([1, 2, 3]);
    expect(views.every((v) => v.online && v.position !== null)).toBe(true);
    demo.close();
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
