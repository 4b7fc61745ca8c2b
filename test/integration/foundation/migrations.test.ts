import { loadConfig } from '@config/load-config';
import { migrate, openDatabase } from '../../../server/src/platform/db/database';
import { allEntities } from '../../../server/src/modules/entities';
import { migrations } from '../../../server/src/migrations';
import { backend, testConfig } from '../../helpers/test-deps';

describe(`migrations (${backend})`, () => {
  it('when run on an empty database, then every migration applies, a second run applies none, and down reverses them', async () => {
    const config = await testConfig();
    const db = await openDatabase(config.db, allEntities);
    try {
      const applied = await migrate(db);
      expect(applied).toEqual(migrations.map((m) => new m().name));
      expect(await migrate(db)).toEqual([]);
      const tables = ['region', 'unit', 'app_user', 'user_role', 'vehicle', 'driver', 'vehicle_quota'];
      for (const t of tables) expect(await db.dataSource.query(`SELECT COUNT(*) AS n FROM ${t}`)).toHaveLength(1);
      for (let i = 0; i < migrations.length; i++) await db.dataSource.undoLastMigration();
      await expect(db.dataSource.query('SELECT COUNT(*) AS n FROM region')).rejects.toThrow();
      expect(await migrate(db)).toHaveLength(migrations.length);
    } finally {
      await db.close();
    }
  });

  it('when the embedded default is configured, then it is a SQLite file', () => {
    expect(loadConfig({}).db.kind).toBe('sqlite');
  });
});
