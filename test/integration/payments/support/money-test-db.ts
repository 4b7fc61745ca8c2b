import 'reflect-metadata';
import crypto from 'node:crypto';
import { DataSource } from 'typeorm';
import { Database } from '../../../../server/src/platform/db/database';
import { LedgerEntities } from '../../../../server/src/modules/ledger';
import { PaymentsEntities } from '../../../../server/src/modules/payments';
import { Ledger1764300000000 } from '../../../../server/src/migrations/1764300000000-ledger';
import { Payments1764300001000 } from '../../../../server/src/migrations/1764300001000-payments';

const SERVER = process.env.TEST_MYSQL_SERVER_URL ?? 'mysql://root@127.0.0.1:3306';

export interface MoneyTestDb {
  db: Database;
  close(): Promise<void>;
}

/**
 * A database of its own per test file (created, migrated with the money migrations, dropped at
 * the end), so files running in parallel never see each other's rows.
 */
export async function openMoneyTestDb(
  label: string,
  extra: { entities?: DataSource['options']['entities']; migrations?: Array<new () => object> } = {},
): Promise<MoneyTestDb> {
  const name = `money_${label}_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  const admin = new DataSource({ type: 'mysql', url: `${SERVER}/test` });
  await admin.initialize();
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const ds = new DataSource({
    type: 'mysql', url: `${SERVER}/${name}`, timezone: 'Z', charset: 'utf8mb4_unicode_ci',
    entities: [...LedgerEntities, ...PaymentsEntities, ...((extra.entities as never[]) ?? [])],
    migrations: [Ledger1764300000000, Payments1764300001000, ...(extra.migrations ?? [])],
    extra: { connectionLimit: 10, decimalNumbers: true },
  });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return {
    db: new Database(ds, 'mysql'),
    async close() {
      await ds.destroy();
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.destroy();
    },
  };
}
