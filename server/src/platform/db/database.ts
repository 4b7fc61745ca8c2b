import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { DataSource, EntityManager, EntitySchema, MixedList } from 'typeorm';
import type { Config } from '@config/config.schema';
import { migrations } from '../../migrations';

/**
 * The database behind every repository. MariaDB/MySQL through mysql2, or an embedded SQLite file
 * (better-sqlite3) with the same migrations. TypeORM keeps one shared connection on SQLite, so
 * transactions there run one at a time (a queue); on MySQL they run concurrently and rows are
 * locked FOR UPDATE before they are checked.
 */
export class Database {
  private sqliteQueue: Promise<unknown> = Promise.resolve();

  constructor(readonly dataSource: DataSource, readonly kind: 'mysql' | 'sqlite') {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** Runs `work` in one transaction. On SQLite, transactions are queued so they never interleave. */
  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (this.kind === 'mysql') return this.dataSource.transaction(work);
    const run = this.sqliteQueue.then(() => this.dataSource.transaction(work));
    this.sqliteQueue = run.catch(() => undefined);
    return run;
  }

  /** Lock mode for reads that a transaction then checks: FOR UPDATE on MySQL; SQLite's queue already serialises. */
  get writeLock(): { mode: 'pessimistic_write' } | undefined {
    return this.kind === 'mysql' ? { mode: 'pessimistic_write' } : undefined;
  }

  describe(): string {
    const o = this.dataSource.options;
    if (o.type === 'better-sqlite3') return `SQLite file ${o.database}`;
    if (o.type === 'mysql') {
      const u = new URL(String(o.url));
      return `MySQL/MariaDB ${u.hostname}:${u.port || 3306}${u.pathname}`;
    }
    return String(o.type);
  }

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEntitySchema = EntitySchema<any>;
const registeredEntities: AnyEntitySchema[] = [];

/** Modules register their EntitySchemas at import time (see modules/entities.ts). */
export function registerEntities(...schemas: AnyEntitySchema[]): void {
  for (const s of schemas) if (!registeredEntities.includes(s)) registeredEntities.push(s);
}

export async function openDatabase(config: Config['db'], entities: MixedList<AnyEntitySchema> = registeredEntities): Promise<Database> {
  let ds: DataSource;
  if (config.kind === 'mysql') {
    ds = new DataSource({
      type: 'mysql',
      url: config.url,
      entities,
      migrations,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      dateStrings: false,
      poolSize: config.poolSize,
      // mysql2's trace captures a stack for every query (~4% of a request's CPU under load); TypeORM's
      // QueryFailedError already names the query that failed.
      trace: false,
      extra: { connectionLimit: config.poolSize, decimalNumbers: true, supportBigNumbers: true, bigNumberStrings: false },
      synchronize: false,
      logging: false,
    });
  } else {
    if (config.path !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(config.path)), { recursive: true });
    ds = new DataSource({
      type: 'better-sqlite3',
      database: config.path,
      entities,
      migrations,
      synchronize: false,
      logging: false,
      prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('foreign_keys = ON');
        db.pragma('busy_timeout = 5000');
      },
    });
  }
  await ds.initialize();
  return new Database(ds, config.kind);
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(db: Database): Promise<string[]> {
  const done = await db.dataSource.runMigrations({ transaction: 'each' });
  return done.map((m) => m.name);
}
