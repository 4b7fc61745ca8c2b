import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';
import type { Driver } from 'typeorm/driver/Driver';
import { DriverUtils } from 'typeorm/driver/DriverUtils';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * `getMany` / `getManyAndCount` for the hot list reads (a trip list page, its cars, an inbox), without
 * TypeORM's generic row-to-entity machinery. Profiled under the HTTP benchmark, turning 20 raw rows into
 * entities cost more than running the SQL: per value it re-checks the column's type through a dozen
 * branches and date regexes, builds aliases and walks the (empty) relation maps. Here the same SQL runs
 * (TypeORM still builds it from the same query builder, scope and paging included) and each row is mapped
 * by a per-entity list of columns worked out once, with the driver's own conversion per value where one is
 * needed (booleans, dates, the personal-data transformer) — the same values `getMany` gives, which
 * `test/integration/foundation/rows.test.ts` checks column by column on both backends.
 *
 * Only for a query builder that selects one entity's columns with no joins or relation loading (all our
 * entities are flat `EntitySchema`s); anything else is refused rather than read wrong.
 */
export function manyRows<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Promise<T[]>;
/**
 * `columns`: only these columns are read (a list line needs a few of a wide row: with better-sqlite3 the
 * values dominate — 13 rows × 30 columns took 294 µs against 20 µs for the same statement reading ids).
 */
export function manyRows<T extends ObjectLiteral, K extends keyof T & string>(qb: SelectQueryBuilder<T>, columns: readonly K[]): Promise<Array<Pick<T, K>>>;
export async function manyRows<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, columns?: readonly string[]): Promise<T[]> {
  if (columns) qb.select(columns.map((c) => `${qb.alias}.${c}`));
  const map = rowMapper(qb);
  return (await qb.getRawMany<Record<string, unknown>>()).map(map);
}

/** `getManyAndCount` through `manyRows`: the page, then the count of everything the filters match. */
export function pageRows<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Promise<[T[], number]>;
export function pageRows<T extends ObjectLiteral, K extends keyof T & string>(qb: SelectQueryBuilder<T>, columns: readonly K[]): Promise<[Array<Pick<T, K>>, number]>;
export async function pageRows<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, columns?: readonly (keyof T & string)[]): Promise<[T[], number]> {
  const rows = columns ? await manyRows(qb, columns) : await manyRows(qb);
  return [rows as T[], await qb.getCount()];
}

type Convert = (value: unknown) => unknown;
interface Field { key: string; property: string; convert: Convert | null }

const mappers = new WeakMap<EntityMetadata, Map<string, (raw: Record<string, unknown>) => ObjectLiteral>>();

function rowMapper<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): (raw: Record<string, unknown>) => T {
  const em = qb.expressionMap;
  const main = em.mainAlias;
  if (!main?.hasMetadata || em.joinAttributes.length || em.relationIdAttributes.length
    || em.selects.some((s) => s.selection !== main.name && !s.selection.startsWith(`${main.name}.`))) {
    throw new Error('manyRows: only a select of one entity\'s columns (no joins, no expressions)');
  }
  const metadata = main.metadata;
  let byAlias = mappers.get(metadata);
  if (!byAlias) mappers.set(metadata, (byAlias = new Map()));
  let mapper = byAlias.get(main.name);
  if (!mapper) {
    const driver = qb.connection.driver;
    const fields: Field[] = metadata.columns.filter((c) => !c.isVirtual && !c.embeddedMetadata).map((c) => ({
      key: DriverUtils.buildAlias(driver, undefined, main.name, c.databaseName), property: c.propertyName, convert: converter(driver, c),
    }));
    mapper = (raw) => {
      const row: ObjectLiteral = {};
      for (const f of fields) {
        const v = raw[f.key];
        // As TypeORM: a column the query did not return (not selected, select: false) is left out, not set to undefined.
        if (v !== undefined) row[f.property] = f.convert ? f.convert(v) : v;
      }
      return row;
    };
    byAlias.set(main.name, mapper);
  }
  return mapper as (raw: Record<string, unknown>) => T;
}

/** Types both drivers hand back as they come (numbers, strings, buffers) when no transformer is set. */
const AS_IS = new Set(['integer', 'int', 'varchar', 'text', 'double', 'decimal', 'bigint', 'blob']);
/** TypeORM writes SQLite datetimes as `YYYY-MM-DD HH:MM:SS.SSS`, in UTC. */
const SQLITE_DATETIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/;

function converter(driver: Driver, column: ColumnMetadata): Convert | null {
  if (!column.transformer && typeof column.type === 'string' && AS_IS.has(column.type)) return null;
  const general: Convert = (v) => driver.prepareHydratedValue(v, column);
  if (!column.transformer && column.type === 'datetime' && driver.options.type === 'better-sqlite3') {
    // The driver's own path tests two regexes and rewrites the string per value; this is the one shape it writes.
    return (v) => (typeof v === 'string' && SQLITE_DATETIME.test(v) ? new Date(`${v.slice(0, 10)}T${v.slice(11)}Z`) : general(v));
  }
  return general;
}
