import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager, EntitySchema, MixedList } from 'typeorm';
import type { Config } from '@config/config.schema';
import { migrations } from '../../migrations';
import { PiiLookupHashSubscriber } from '../crypto/pii-subscriber';

/** The transaction a piece of work runs in, and what to do once it committed. */
interface UnitOfWork {
  em: EntityManager;
  afterCommit: Array<() => Promise<void> | void>;
}

/** EntityManager methods that run a statement (reads and writes), serialised on SQLite outside a transaction. */
const managerStatements = new Set([
  'find', 'findBy', 'findOne', 'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'findAndCount', 'findAndCountBy',
  'count', 'countBy', 'exists', 'existsBy', 'sum', 'average', 'minimum', 'maximum',
  'save', 'insert', 'update', 'updateAll', 'upsert', 'delete', 'deleteAll', 'remove', 'softDelete', 'restore', 'increment', 'decrement', 'query', 'clear', 'preload',
]);
/** QueryBuilder methods that run its statement. */
const builderStatements = new Set([
  'getOne', 'getOneOrFail', 'getMany', 'getManyAndCount', 'getRawOne', 'getRawMany', 'getRawAndEntities', 'getCount', 'getExists', 'execute', 'stream',
]);

/** SQLite: how long the statement queue may run before it lets the event loop read its sockets. */
const SLICE_MS = 10;

const isQueryBuilder = (x: unknown): x is object =>
  typeof x === 'object' && x !== null && typeof (x as { getQuery?: unknown }).getQuery === 'function' && typeof (x as { execute?: unknown }).execute === 'function';

/**
 * The database behind every repository, and the one unit of work: `transaction(work)` opens a
 * transaction and runs `work` in its context (AsyncLocalStorage), so every repository that asks for
 * `db.manager` inside it joins that transaction without an EntityManager being passed around; a
 * transaction begun inside another joins the outer one. `afterCommit(fn)` runs `fn` once the outermost
 * transaction committed (never after a rollback).
 *
 * MariaDB/MySQL through mysql2 (a pool: transactions run concurrently, rows locked FOR UPDATE before
 * they are checked), or an embedded SQLite file (better-sqlite3) with the same migrations. TypeORM keeps
 * ONE connection on SQLite: a statement issued while another request's transaction is open would run
 * inside that transaction and be rolled back with it. So on SQLite every statement outside a transaction
 * waits its turn in the same queue as the transactions (`manager` outside a unit of work is a
 * serialising view of the EntityManager).
 */
export class Database {
  private sqliteQueue: Promise<unknown> = Promise.resolve();
  private queued = 0;
  private readonly context = new AsyncLocalStorage<UnitOfWork>();
  private readonly serialized: EntityManager;

  constructor(readonly dataSource: DataSource, readonly kind: 'mysql' | 'sqlite') {
    this.serialized = kind === 'sqlite' ? this.serializing(dataSource.manager) : dataSource.manager;
  }

  /** The current unit of work's EntityManager, or (outside one) the database's. */
  get manager(): EntityManager {
    return this.context.getStore()?.em ?? this.serialized;
  }

  /** Whether the caller runs inside a transaction. */
  get inTransaction(): boolean {
    return this.context.getStore() != null;
  }

  /**
   * Runs `work` in one transaction (joining the caller's when there is one). On SQLite, transactions
   * and plain statements are queued so they never interleave on the one connection.
   */
  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const current = this.context.getStore();
    if (current) return work(current.em);
    const hooks: UnitOfWork['afterCommit'] = [];
    const body = (em: EntityManager) => this.context.run({ em, afterCommit: hooks }, () => work(em));
    const run = this.kind === 'mysql' ? this.dataSource.transaction(body) : this.exclusive(() => this.dataSource.transaction(body));
    return run.then(async (result) => {
      for (const hook of hooks) await hook();
      return result;
    });
  }

  /** Runs `fn` after the current transaction commits; at once when there is none. */
  afterCommit(fn: () => Promise<void> | void): void {
    const current = this.context.getStore();
    if (current) current.afterCommit.push(fn);
    else void Promise.resolve().then(fn);
  }

  /** Lock mode for reads that a transaction then checks: FOR UPDATE on MySQL; SQLite's queue already serialises. */
  get writeLock(): { mode: 'pessimistic_write' } | undefined {
    return this.kind === 'mysql' ? { mode: 'pessimistic_write' } : undefined;
  }

  /** SQLite: statements and transactions waiting for the connection (0 on MySQL). */
  get waiting(): number {
    return this.queued;
  }

  /**
   * SQLite: `fn` runs when no transaction or other statement holds the connection. better-sqlite3 is
   * synchronous, so a queue of statements drains in promise callbacks alone, never handing the event
   * loop back: with hundreds queued, sockets went unread for a second (a terminal's unlock reply, a new
   * request). The queue lets the loop turn once it has run `SLICE_MS` without one.
   */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.queued++;
    const run = this.sqliteQueue.then(async () => {
      await this.letLoopTurn();
      this.queued--;
      return fn();
    });
    this.sqliteQueue = run.catch(() => undefined);
    return run;
  }

  /** Since when the queue has run without the event loop turning (null: it turned since). */
  private busySince: number | null = null;

  private async letLoopTurn(): Promise<void> {
    if (this.busySince !== null && performance.now() - this.busySince < SLICE_MS) return;
    if (this.busySince !== null) await new Promise<void>((turned) => setImmediate(turned));
    this.busySince = performance.now();
    setImmediate(() => { this.busySince = null; });
  }

  /** A view of `target` whose statements wait for the queue (their own calls inside run unwrapped). */
  private serializing<T extends object>(target: T, statements: Set<string> = managerStatements): T {
    return new Proxy(target, {
      get: (obj, prop, receiver) => {
        const value = Reflect.get(obj, prop, receiver) as unknown;
        if (typeof prop !== 'string' || typeof value !== 'function') return value;
        const fn = value as (...args: unknown[]) => unknown;
        if (statements.has(prop)) return (...args: unknown[]) => this.exclusive(async () => fn.apply(obj, args));
        if (prop === 'createQueryBuilder') return (...args: unknown[]) => this.serializing(fn.apply(obj, args) as object, builderStatements);
        if (prop === 'getRepository') return (...args: unknown[]) => this.serializing(fn.apply(obj, args) as object);
        if (prop === 'transaction') return <R>(work: (em: EntityManager) => Promise<R>) => this.transaction(work);
        if (statements === builderStatements) {
          // select().update()/insert()/delete() and the like return another builder: serialise it too.
          return (...args: unknown[]) => {
            const out = fn.apply(receiver, args) as unknown;
            return out !== receiver && out !== obj && isQueryBuilder(out) ? this.serializing(out, builderStatements) : out;
          };
        }
        return fn;
      },
    });
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
      // TypeORM keeps prepared statements in a FIFO of 100 by default: the app has more distinct statements
      // than that, so the hot ones were evicted and prepared again all the time (5 % of the CPU under
      // bench:rental). Statements are small; 2,000 hold every one the app issues with room to spare.
      statementCacheSize: 2000,
      prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('foreign_keys = ON');
        db.pragma('busy_timeout = 5000');
      },
    });
  }
  await ds.initialize();
  if (ds.driver.options.type === 'better-sqlite3') bindNumbersAsParameters(ds.driver as unknown as EscapingDriver);
  // Subscribers given as options must carry @EventSubscriber; ours is added as an instance.
  ds.subscribers.push(new PiiLookupHashSubscriber());
  return new Database(ds, config.kind);
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(db: Database): Promise<string[]> {
  const done = await db.dataSource.runMigrations({ transaction: 'each' });
  return done.map((m) => m.name);
}

interface EscapingDriver {
  escapeQueryWithParameters(sql: string, parameters: Record<string, unknown>, nativeParameters: Record<string, unknown>): [string, unknown[]];
}

/**
 * TypeORM's SQLite driver writes every number parameter into the SQL text (`WHERE "id" = 33`), so each id
 * makes a statement of its own: better-sqlite3 prepared nearly every query anew (6,332 distinct texts for
 * 19,462 prepares in one bench:rental run) and the statement cache held single-use statements. Here
 * numbers are bound like every other value, so a query is one statement whatever its ids. A statement
 * with more values than SQLite binds at once (a large multi-row INSERT) keeps the driver's way.
 */
function bindNumbersAsParameters(driver: EscapingDriver): void {
  const inlineNumbers = driver.escapeQueryWithParameters.bind(driver);
  driver.escapeQueryWithParameters = (sql, parameters, nativeParameters) => {
    if (!parameters || !Object.keys(parameters).length) return inlineNumbers(sql, parameters, nativeParameters);
    const bound: unknown[] = [];
    const text = sql.replaceAll(/:(\.\.\.)?([A-Za-z0-9_.]+)/g, (full, spread: string | undefined, key: string) => {
      if (!Object.prototype.hasOwnProperty.call(parameters, key)) return full;
      const value = parameters[key];
      if (spread) return (value as unknown[]).map((v) => (bound.push(v), '?')).join(', ');
      if (typeof value === 'function') return (value as () => string)();
      if (typeof value === 'boolean') bound.push(+value);
      else if (value instanceof Date) bound.push(inlineNumbers(':d', { d: value }, {})[1][0]); // the driver's own date text
      else bound.push(value);
      return '?';
    });
    return bound.length > MAX_BOUND_VALUES ? inlineNumbers(sql, parameters, nativeParameters) : [text, bound];
  };
}

/** SQLite binds at most 32,766 values per statement (SQLITE_MAX_VARIABLE_NUMBER since 3.32); room left. */
const MAX_BOUND_VALUES = 30_000;
