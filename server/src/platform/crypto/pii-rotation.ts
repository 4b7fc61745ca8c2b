import type { DataSource } from 'typeorm';
import { isEncryptedPii, piiColumn, type PiiCipher } from './pii';

export interface ReencryptReport { table: string; column: string; rewritten: number }

/**
 * Key rotation (#19 item 3): every personal-data column (an entity column with the piiColumn transformer)
 * rewritten under the current key where a value is under another key or still clear; lookup hashes beside
 * phones recomputed (so the lookup key can rotate too). In pages by primary key; each page one transaction.
 * Safe to run again: values already under the current key are left.
 */
export async function reencryptPersonalData(ds: DataSource, cipher: PiiCipher, pageSize = 500): Promise<ReencryptReport[]> {
  const out: ReencryptReport[] = [];
  for (const meta of ds.entityMetadatas) {
    const cols = meta.columns.filter((c) => c.transformer === piiColumn);
    if (!cols.length || meta.primaryColumns.length !== 1) continue;
    const pk = meta.primaryColumns[0].databaseName;
    const hash = meta.columns.find((c) => c.propertyName === 'phoneHash');
    const phone = cols.find((c) => c.propertyName === 'phone');
    const q = (n: string) => ds.driver.escape(n);
    for (const col of cols) {
      let rewritten = 0;
      let after: number | string = -1;
      for (;;) {
        const rows = (await ds.query(
          `SELECT ${q(pk)} AS k, ${q(col.databaseName)} AS v FROM ${q(meta.tableName)} WHERE ${q(pk)} > ? ORDER BY ${q(pk)} LIMIT ${pageSize}`, [after],
        )) as Array<{ k: number | string; v: string | null }>;
        if (!rows.length) break;
        await ds.transaction(async (em) => {
          for (const r of rows) {
            if (r.v == null || r.v === '') continue;
            const clear = isEncryptedPii(r.v) ? cipher.decrypt(r.v) : r.v;
            const stale = cipher.keyIdOf(r.v) !== cipher.currentKeyId;
            const sets: string[] = [];
            const params: unknown[] = [];
            if (stale) { sets.push(`${q(col.databaseName)} = ?`); params.push(cipher.encrypt(clear)); }
            if (hash && col === phone) { sets.push(`${q(hash.databaseName)} = ?`); params.push(cipher.lookupHash(clear)); }
            if (!sets.length) continue;
            await em.query(`UPDATE ${q(meta.tableName)} SET ${sets.join(', ')} WHERE ${q(pk)} = ?`, [...params, r.k]);
            if (stale) rewritten++;
          }
        });
        after = rows[rows.length - 1].k;
      }
      out.push({ table: meta.tableName, column: col.databaseName, rewritten });
    }
  }
  return out;
}
