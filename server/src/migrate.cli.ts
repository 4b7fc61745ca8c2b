import { loadConfig } from '@config/load-config';
import { allEntities } from './modules/entities';
import { migrate, openDatabase } from './platform/db/database';

/** `npm run migrate`: applies pending migrations to the configured database and says which. */
async function run(): Promise<void> {
  const db = await openDatabase(loadConfig(process.env).db, allEntities);
  try {
    const applied = await migrate(db);
    process.stdout.write(applied.length ? `已执行迁移: ${applied.join(', ')}\n` : '没有待执行的迁移\n');
  } finally {
    await db.close();
  }
}
run().catch((e) => { process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`); process.exit(1); });
