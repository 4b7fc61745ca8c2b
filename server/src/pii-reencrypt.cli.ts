import { loadConfig } from '@config/load-config';
import { allEntities } from './modules/entities';
import { migrate, openDatabase } from './platform/db/database';
import { configurePii, loadPiiSettings } from './platform/crypto/pii';
import { reencryptPersonalData } from './platform/crypto/pii-rotation';

/**
 * `npm run pii:reencrypt`: after a new key is added to PII_KEYS and made current (PII_KEY_CURRENT), rewrites
 * every phone and licence number still under an older key; the old key may leave PII_KEYS once this reports 0.
 */
async function run(): Promise<void> {
  const config = loadConfig(process.env);
  const cipher = configurePii(loadPiiSettings(config.rawEnv));
  const db = await openDatabase(config.db, allEntities);
  try {
    await migrate(db);
    const report = await reencryptPersonalData(db.dataSource, cipher);
    for (const r of report) process.stdout.write(`${r.table}.${r.column}: 改用密钥 ${cipher.currentKeyId} 重新加密 ${r.rewritten} 条\n`);
  } finally {
    await db.close();
  }
}
run().catch((e) => { process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`); process.exit(1); });
