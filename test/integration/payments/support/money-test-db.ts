import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { Database } from '../../../../server/src/platform/db/database';
import { LedgerEntities } from '../../../../server/src/modules/ledger/ledger.entity';
import { PaymentsEntities } from '../../../../server/src/modules/payments/payments.entity';
import { Ledger1764300000000 } from '../../../../server/src/migrations/1764300000000-ledger';
import { Payments1764300001000 } from '../../../../server/src/migrations/1764300001000-payments';

export interface MoneyTestDb {
  db: Database;
  close(): Promise<void>;
}

type Extra = { entities?: DataSource['options']['entities']; migrations?: Array<new () => object> };

/**
 * A database of its own per test file, migrated with the money migrations, dropped at the end, so
 * files running in parallel never see each other's rows. Backends follow the environment like the
 * rest of the suite: DATABASE_URL set → a MariaDB database on that server; unset → a SQLite file.
 */
export async function openMoneyTestDb(label: string, extra: Extra = {}): Promise<MoneyTestDb> {
  const entities = [...LedgerEntities, ...PaymentsEntities, ...((extra.entities as never[]) ?? [])];
  const migrations = [Ledger1764300000000, Payments1764300001000, ...(extra.migrations ?? [])];
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `money-${label}-`));
    const ds = new DataSource({
      type: 'better-sqlite3', database: path.join(dir, 'money.sqlite'), entities, migrations,
      prepareDatabase: (db: { pragma: (s: string) => unknown }) => { db.pragma('foreign_keys = ON'); db.pragma('busy_timeout = 5000'); },
    });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    return {
      db: new Database(ds, 'sqlite'),
      async close() {
        await ds.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const server = new URL(url);
  const name = `money_${label}_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  server.pathname = '/';
  const admin = new DataSource({ type: 'mysql', url: server.toString() });
  await admin.initialize();
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  server.pathname = `/${name}`;
  const ds = new DataSource({
    type: 'mysql', url: server.toString(), timezone: 'Z', charset: 'utf8mb4_unicode_ci', entities, migrations,
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
