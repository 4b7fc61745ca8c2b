import { loadConfig } from '@config/load-config';
import { allEntities } from './modules/entities';
import { openDatabase } from './platform/db/database';
import { AuditService } from './modules/audit';

/**
 * `npm run audit:verify`: walks the SM3 chain of the configured database's audit trail and names every
 * edited, deleted or re-linked entry. Exit code 0 when the chain is whole, 1 when it is not, 2 on error.
 */
async function run(): Promise<number> {
  const db = await openDatabase(loadConfig(process.env).db, allEntities);
  try {
    const result = await new AuditService(db).verify();
    for (const p of result.problems) process.stdout.write(`AUDIT ${p.kind} seq=${p.seq} ${p.message}\n`);
    process.stdout.write(result.ok
      ? `审计链完整：已校验 ${result.checked} 条，最后序号 ${result.lastSeq}\n`
      : `审计链被破坏：已校验 ${result.checked} 条，发现 ${result.problems.length} 处问题\n`);
    return result.ok ? 0 : 1;
  } finally {
    await db.close();
  }
}
run().then((code) => process.exit(code), (e) => { process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`); process.exit(2); });
