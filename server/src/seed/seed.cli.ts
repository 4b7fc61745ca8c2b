import { loadConfig } from '@config/load-config';
import { migrate, openDatabase } from '../platform/db/database';
import { allEntities } from '../modules/entities';
import { seedIfEmpty } from './seed';

/** `npm run seed`: migrate, then seed the demo Hebei slice if the database is empty. */
async function run(): Promise<void> {
  const config = loadConfig(process.env);
  const db = await openDatabase(config.db, allEntities);
  try {
    await migrate(db);
    const summary = await seedIfEmpty(db);
    process.stdout.write(summary ? `已写入演示数据: ${JSON.stringify(summary)}\n` : '数据库已有数据，未重复写入\n');
  } finally {
    await db.close();
  }
}
run().catch((e) => { process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`); process.exit(1); });
