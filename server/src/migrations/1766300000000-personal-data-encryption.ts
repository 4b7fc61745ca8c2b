import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { isEncryptedPii, piiCipher } from '../platform/crypto/pii';

/** The personal-data columns as they stood when this migration landed (frozen here). */
const TARGETS: Array<{ table: string; key: string; column: string; nullable: boolean; hash?: boolean }> = [
  { table: 'app_user', key: 'id', column: 'phone', nullable: false, hash: true },
  { table: 'unit', key: 'id', column: 'phone', nullable: true },
  { table: 'driver', key: 'id', column: 'phone', nullable: false, hash: true },
  { table: 'trip_assignment', key: 'id', column: 'driver_phone', nullable: true },
  { table: 'rental_licence', key: 'user_id', column: 'licence_no', nullable: false },
];

/**
 * Personal data at rest (#19 item 3): phone and licence numbers become SM4 ciphertext with their key id
 * (platform/crypto/pii.ts), columns widened to hold it, and a keyed SM3 hash beside the phones of users and
 * drivers for lookups. Values already in the tables (a demo data file, a running province) are encrypted
 * here with the configured current key, in pages by primary key.
 */
export class PersonalDataEncryption1766300000000 implements MigrationInterface {
  name = 'PersonalDataEncryption1766300000000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.driver.options.type === 'mysql';
    for (const t of TARGETS) {
      // SQLite does not enforce varchar lengths; MariaDB needs room for the ciphertext.
      if (mysql) await q.query(`ALTER TABLE \`${t.table}\` MODIFY \`${t.column}\` varchar(255) ${t.nullable ? 'NULL' : 'NOT NULL'}`);
      if (t.hash) {
        await q.addColumn(t.table, new TableColumn({ name: 'phone_hash', type: 'varchar', length: '64', isNullable: true }));
        await q.createIndex(t.table, new TableIndex({ name: `idx_${t.table}_phone_hash`, columnNames: ['phone_hash'] }));
      }
    }
    const cipher = piiCipher();
    for (const t of TARGETS) {
      let after: string | number = -1;
      for (;;) {
        const rows = (await q.query(
          `SELECT ${t.key} AS k, ${t.column} AS v FROM ${t.table} WHERE ${t.key} > ? ORDER BY ${t.key} LIMIT 500`, [after],
        )) as Array<{ k: number; v: string | null }>;
        if (!rows.length) break;
        for (const r of rows) {
          if (r.v == null || r.v === '' || isEncryptedPii(r.v)) continue;
          if (t.hash) await q.query(`UPDATE ${t.table} SET ${t.column} = ?, phone_hash = ? WHERE ${t.key} = ?`, [cipher.encrypt(r.v), cipher.lookupHash(r.v), r.k]);
          else await q.query(`UPDATE ${t.table} SET ${t.column} = ? WHERE ${t.key} = ?`, [cipher.encrypt(r.v), r.k]);
        }
        after = rows[rows.length - 1].k;
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const cipher = piiCipher();
    for (const t of TARGETS) {
      const rows = (await q.query(`SELECT ${t.key} AS k, ${t.column} AS v FROM ${t.table}`)) as Array<{ k: number; v: string | null }>;
      for (const r of rows) if (r.v && isEncryptedPii(r.v)) await q.query(`UPDATE ${t.table} SET ${t.column} = ? WHERE ${t.key} = ?`, [cipher.decrypt(r.v), r.k]);
      if (t.hash) {
        // Plain SQL on both: TypeORM's SQLite dropColumn rebuilds the table, which its foreign keys refuse.
        await q.dropIndex(t.table, `idx_${t.table}_phone_hash`);
        await q.query(`ALTER TABLE ${t.table} DROP COLUMN phone_hash`);
      }
    }
  }
}
