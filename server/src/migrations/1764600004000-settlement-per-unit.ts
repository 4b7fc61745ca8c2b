import { MigrationInterface, QueryRunner, TableColumn, TableIndex, TableUnique } from 'typeorm';

const TABLE = 'settlement_statement';
const OLD_UNIQUE = 'uq_settlement_statement_company_period';
const NEW_UNIQUE = 'uq_settlement_statement_company_unit_period';
const REGION_INDEX = 'ix_settlement_statement_region';
const UNIT_INDEX = 'ix_settlement_statement_unit_period';
/** Every column of a statement but its id and the two added here: what a split copies. */
const COPIED = 'company_id, period, status, created_at, confirmed_at, confirmed_by, approved_at, approved_by, paid_at, paid_by, payment_reference';

const unitId = (isNullable: boolean) => new TableColumn({ name: 'unit_id', type: 'integer', isNullable });
const regionCode = (isNullable: boolean) => new TableColumn({ name: 'region_code', type: 'varchar', length: '9', isNullable });

/**
 * A statement is one per (company, billed unit, month): the invoice names one buyer, and official
 * use is billed to the unit (DOMAIN.md §6). Finance is scoped by the billed unit and its region, so
 * the statement carries both. Existing statements are split: one listing several units keeps the
 * lowest unit, and each other unit gets a copy of the statement (status, times, payment reference
 * and all) to which that unit's lines move. The region is the unit's at the time of this change.
 *
 * MariaDB keeps a unique key as an index; SQLite keeps the old one as a table constraint, which
 * TypeORM drops by recreating the table, as it does for the column changes (rebuildingStatements).
 */
export class SettlementPerUnit1764600004000 implements MigrationInterface {
  name = 'SettlementPerUnit1764600004000';

  async up(q: QueryRunner): Promise<void> {
    // Read and check first: MariaDB commits each schema change at once, so a refusal must come before any.
    const plan = await planSplit(q);
    await rebuildingStatements(q, async () => {
      await q.addColumns(TABLE, [unitId(true), regionCode(true)]);
      await dropOldUnique(q);
    });
    await splitByUnit(q, plan);
    await rebuildingStatements(q, async () => {
      await q.changeColumn(TABLE, 'unit_id', unitId(false));
      await q.changeColumn(TABLE, 'region_code', regionCode(false));
    });
    await q.createIndices(TABLE, [
      new TableIndex({ name: NEW_UNIQUE, columnNames: ['company_id', 'unit_id', 'period'], isUnique: true }),
      new TableIndex({ name: UNIT_INDEX, columnNames: ['unit_id', 'period'] }),
      new TableIndex({ name: REGION_INDEX, columnNames: ['region_code'] }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await mergeByCompanyAndPeriod(q);
    for (const name of [NEW_UNIQUE, UNIT_INDEX, REGION_INDEX]) await q.dropIndex(TABLE, name);
    await rebuildingStatements(q, async () => {
      await q.dropColumns(TABLE, ['unit_id', 'region_code']);
      await restoreOldUnique(q);
    });
  }
}

const isMysql = (q: QueryRunner) => q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';

/**
 * On SQLite these column and constraint changes recreate settlement_statement (copy, drop, rename),
 * and dropping it with lines still pointing at it breaks their foreign key unless foreign keys are
 * off — which TypeORM's undo does not manage (its PRAGMA comes after BEGIN, where SQLite ignores
 * it). So the lines wait in a holding table meanwhile and come back with their ids unchanged.
 * MariaDB alters the table in place.
 */
async function rebuildingStatements(q: QueryRunner, work: () => Promise<void>): Promise<void> {
  if (isMysql(q)) return work();
  await q.query('CREATE TABLE settlement_line_parked AS SELECT * FROM settlement_line');
  await q.query('DELETE FROM settlement_line');
  await work();
  await q.query('INSERT INTO settlement_line SELECT * FROM settlement_line_parked');
  await q.query('DROP TABLE settlement_line_parked');
}

async function dropOldUnique(q: QueryRunner): Promise<void> {
  if (isMysql(q)) await q.dropIndex(TABLE, OLD_UNIQUE);
  else await q.dropUniqueConstraint(TABLE, OLD_UNIQUE);
}

async function restoreOldUnique(q: QueryRunner): Promise<void> {
  if (isMysql(q)) await q.createIndex(TABLE, new TableIndex({ name: OLD_UNIQUE, columnNames: ['company_id', 'period'], isUnique: true }));
  else await q.createUniqueConstraint(TABLE, new TableUnique({ name: OLD_UNIQUE, columnNames: ['company_id', 'period'] }));
}

type Row = Record<string, unknown>;
const num = (v: unknown) => Number(v);

interface SplitPlan {
  statements: Array<{ id: number; companyId: number; period: string; units: number[] }>;
  regions: Map<number, string>;
}

/** Each statement's units (ascending) and each unit's region code; refuses statements it cannot place. */
async function planSplit(q: QueryRunner): Promise<SplitPlan> {
  const rows: Row[] = await q.query(`SELECT id, company_id, period FROM ${TABLE} ORDER BY id`);
  const pairs: Row[] = await q.query('SELECT DISTINCT statement_id, unit_id FROM settlement_line ORDER BY statement_id, unit_id');
  const unitsOf = new Map<number, number[]>();
  for (const p of pairs) unitsOf.set(num(p.statement_id), [...(unitsOf.get(num(p.statement_id)) ?? []), num(p.unit_id)]);
  const empty = rows.map((r) => num(r.id)).filter((id) => !unitsOf.has(id));
  if (empty.length) throw new Error(`结算单 ${empty.join('、')} 没有明细，无法确定结算单位；请先核实这些结算单`);

  const unitIds = [...new Set(pairs.map((p) => num(p.unit_id)))];
  const regions = new Map<number, string>();
  if (unitIds.length) {
    const found: Row[] = await q.query(`SELECT id, region_code FROM unit WHERE id IN (${unitIds.map(() => '?').join(', ')})`, unitIds);
    for (const r of found) regions.set(num(r.id), String(r.region_code));
  }
  const missing = unitIds.filter((u) => !regions.has(u));
  if (missing.length) throw new Error(`结算明细的单位 ${missing.join('、')} 不在单位表中，无法确定结算单的地区`);
  return {
    statements: rows.map((r) => ({ id: num(r.id), companyId: num(r.company_id), period: String(r.period), units: unitsOf.get(num(r.id))! })),
    regions,
  };
}

async function splitByUnit(q: QueryRunner, { statements, regions }: SplitPlan): Promise<void> {
  for (const s of statements) {
    const [keep, ...others] = s.units; // ascending: the lowest unit keeps the statement
    await q.query(`UPDATE ${TABLE} SET unit_id = ?, region_code = ? WHERE id = ?`, [keep, regions.get(keep!), s.id]);
    for (const u of others) {
      await q.query(`INSERT INTO ${TABLE} (${COPIED}, unit_id, region_code) SELECT ${COPIED}, ?, ? FROM ${TABLE} WHERE id = ?`, [u, regions.get(u), s.id]);
      const [copy]: Row[] = await q.query(`SELECT id FROM ${TABLE} WHERE company_id = ? AND period = ? AND unit_id = ?`, [s.companyId, s.period, u]);
      await q.query('UPDATE settlement_line SET statement_id = ? WHERE statement_id = ? AND unit_id = ?', [num(copy!.id), s.id, u]);
    }
  }
}

async function mergeByCompanyAndPeriod(q: QueryRunner): Promise<void> {
  const rows: Row[] = await q.query(`SELECT id, company_id, period FROM ${TABLE} ORDER BY id`);
  const keeper = new Map<string, number>();
  for (const r of rows) {
    const key = `${num(r.company_id)}:${String(r.period)}`;
    const keep = keeper.get(key);
    if (keep === undefined) {
      keeper.set(key, num(r.id));
      continue;
    }
    await q.query('UPDATE settlement_line SET statement_id = ? WHERE statement_id = ?', [keep, num(r.id)]);
    await q.query(`DELETE FROM ${TABLE} WHERE id = ?`, [num(r.id)]);
  }
}
