import { DataSource, type DataSourceOptions } from 'typeorm';
import { openDatabase, type Database } from '../../../server/src/platform/db/database';
import { allEntities } from '../../../server/src/modules/entities';
import { migrations } from '../../../server/src/migrations';
import { SettlementPerUnit1764600004000 } from '../../../server/src/migrations/1764600004000-settlement-per-unit';
import { RegionEntity } from '../../../server/src/modules/identity/identity.entity';
import { backend, testConfig } from '../../helpers/test-deps';

/**
 * The per-unit statement migration on data written before it: a statement listing several units is
 * split (the lowest unit keeps it, every other unit gets a copy with its lines), and down() merges
 * them back. Migrations before it run first, then rows are inserted as the old schema had them.
 */
describe(`settlement per-unit migration (${backend})`, () => {
  const at = migrations.indexOf(SettlementPerUnit1764600004000);
  let db: Database;
  let options: DataSourceOptions;
  const ids: Record<string, number> = {};

  /** Runs (or, with `undo`, reverts the last of) the migrations up to and including `count` - 1 on a DataSource of their own. */
  async function migrateFirst(count: number, undo = false): Promise<string[]> {
    // TypeORM prints every migration failure; the refusal below is expected, so this DataSource stays quiet.
    const quiet = { logQuery() {}, logQueryError() {}, logQuerySlow() {}, logSchemaBuild() {}, logMigration() {}, log() {} };
    const ds = new DataSource({ ...options, migrations: migrations.slice(0, count), logger: quiet } as DataSourceOptions);
    await ds.initialize();
    try {
      if (undo) {
        await ds.undoLastMigration({ transaction: 'each' });
        return [];
      }
      return (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
    } finally {
      await ds.destroy();
    }
  }

  const rows = (sql: string, params: unknown[] = []): Promise<Array<Record<string, unknown>>> => db.dataSource.query(sql, params);
  const statements = async (): Promise<Array<Record<string, unknown> & { id: number }>> =>
    (await rows('SELECT * FROM settlement_statement ORDER BY id')).map((r) => ({ ...r, id: Number(r.id) }));
  /** A UTC datetime(3) literal both backends take as written. */
  const dt = (iso: string) => new Date(iso).toISOString().replace('T', ' ').replace('Z', '');
  const lineHome = async () => Object.fromEntries((await rows('SELECT source_id, statement_id FROM settlement_line')).map((r) => [String(r.source_id), Number(r.statement_id)]));

  beforeAll(async () => {
    expect(at).toBeGreaterThan(0);
    const config = await testConfig();
    db = await openDatabase(config.db, allEntities);
    options = db.dataSource.options;
    expect(await migrateFirst(at)).toHaveLength(at);

    // Before the migration: statements per (company, period) with lines of several units.
    for (const [code, name, level, parentCode] of [['130000', '河北省', 'province', null], ['130100', '石家庄市', 'city', '130000'], ['130102', '长安区', 'county', '130100']] as const) {
      await db.manager.insert(RegionEntity, { code, name, level, parentCode });
    }
    for (const [key, name, kind, regionCode] of [
      ['ndrc', '河北省发展和改革委员会', 'party_government', '130000'], ['caGov', '长安区人民政府办公室', 'party_government', '130102'],
      ['samr', '石家庄市市场监督管理局', 'party_government', '130100'], ['rental', '河北公务出行汽车租赁有限公司', 'rental_company', '130100'],
      ['hotel', '河北会议中心宾馆', 'hotel', '130100'],
    ] as const) {
      // In SQL, not through the entity: the unit table is as it stood at this migration (later ones add columns).
      await rows('INSERT INTO unit (name, kind, region_code, parent_id, phone, created_at) VALUES (?, ?, ?, NULL, NULL, ?)', [name, kind, regionCode, dt('2026-10-01T00:00:00Z')]);
      ids[key] = Number((await rows('SELECT MAX(id) AS id FROM unit'))[0]!.id);
    }
    const statement = async (company: number, period: string, status: string, extra: string[] = []) => {
      const [confirmedAt, approvedAt, paidAt, reference] = extra;
      await rows(
        'INSERT INTO settlement_statement (company_id, period, status, created_at, confirmed_at, confirmed_by, approved_at, approved_by, paid_at, paid_by, payment_reference) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [company, period, status, dt('2026-11-01T02:00:00.123Z'), confirmedAt ? dt(confirmedAt) : null, confirmedAt ? 601 : null,
          approvedAt ? dt(approvedAt) : null, approvedAt ? 900 : null, paidAt ? dt(paidAt) : null, paidAt ? 900 : null, reference ?? null],
      );
      return Number((await rows('SELECT id FROM settlement_statement WHERE company_id = ? AND period = ?', [company, period]))[0]!.id);
    };
    const line = async (statementId: number, company: number, unit: number, sourceId: string, amountFen: number, correction = false) => {
      let orderId: number | null = null;
      if (!correction) {
        await rows('INSERT INTO billable_order (source_kind, source_id, company_id, unit_id, amount_fen, description, completed_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          ['trip', sourceId, company, unit, amountFen, sourceId, dt('2026-10-10T02:00:00Z'), dt('2026-10-10T02:00:00Z')]);
        orderId = Number((await rows('SELECT id FROM billable_order WHERE source_id = ?', [sourceId]))[0]!.id);
      }
      await rows('INSERT INTO settlement_line (statement_id, kind, billable_order_id, unit_id, source_kind, source_id, description, amount_fen, completed_at, review_status, dispute_reason, corrects_line_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [statementId, correction ? 'correction' : 'order', orderId, unit, correction ? 'other' : 'trip', sourceId, sourceId, amountFen, null, 'confirmed', null, null, null, dt('2026-11-01T02:00:00Z')]);
    };
    ids.paid = await statement(ids.rental, '2026-10', 'paid', ['2026-11-03T01:00:00.250Z', '2026-11-04T01:00:00Z', '2026-11-05T01:00:00Z', 'ZJ-2026-11-0042']);
    await line(ids.paid, ids.rental, ids.caGov, 'TR-1', 12800);
    await line(ids.paid, ids.rental, ids.ndrc, 'TR-2', 36800);
    await line(ids.paid, ids.rental, ids.caGov, 'TR-3', 9900);
    await line(ids.paid, ids.rental, ids.caGov, 'FIX-3', -500, true);
    ids.single = await statement(ids.rental, '2026-09', 'draft');
    await line(ids.single, ids.rental, ids.samr, 'TR-4', 5000);
    ids.hotelStatement = await statement(ids.hotel, '2026-10', 'confirmed', ['2026-11-02T08:00:00Z']);
    await line(ids.hotelStatement, ids.hotel, ids.samr, 'HR-1', 50000);
    await line(ids.hotelStatement, ids.hotel, ids.ndrc, 'HR-2', 42000);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('when the migration runs, then each statement bills one unit: the lowest unit keeps it and every other unit gets a full copy with its lines', async () => {
    expect(await migrateFirst(at + 1)).toEqual([new SettlementPerUnit1764600004000().name]);
    const after = await statements();
    expect(after).toHaveLength(5);
    const find = (company: number, unit: number, period: string) => after.find((s) => Number(s.company_id) === company && Number(s.unit_id) === unit && s.period === period)!;

    const kept = find(ids.rental, ids.ndrc, '2026-10');
    expect(kept.id).toBe(ids.paid); // ndrc was inserted first: the lowest unit id
    expect(kept.region_code).toBe('130000');
    const copy = find(ids.rental, ids.caGov, '2026-10');
    expect(copy.id).not.toBe(ids.paid);
    expect(copy.region_code).toBe('130102');
    const copied = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k]) => !['id', 'unit_id', 'region_code'].includes(k)));
    expect(copied(copy)).toEqual(copied(kept)); // status, times, who, payment reference: all copied
    expect(copy).toMatchObject({ status: 'paid', payment_reference: 'ZJ-2026-11-0042' });

    expect(find(ids.rental, ids.samr, '2026-09')).toMatchObject({ id: ids.single, region_code: '130100', status: 'draft' });
    expect(find(ids.hotel, ids.ndrc, '2026-10')).toMatchObject({ id: ids.hotelStatement, region_code: '130000', status: 'confirmed' });
    const hotelCopy = find(ids.hotel, ids.samr, '2026-10');
    expect(hotelCopy).toMatchObject({ region_code: '130100', status: 'confirmed' });

    expect(await lineHome()).toEqual({
      'TR-1': copy.id, 'TR-3': copy.id, 'FIX-3': copy.id, 'TR-2': ids.paid, 'TR-4': ids.single, 'HR-1': hotelCopy.id, 'HR-2': ids.hotelStatement,
    });
    // Every line now sits on a statement of its own unit.
    expect(await rows('SELECT l.id FROM settlement_line l JOIN settlement_statement s ON s.id = l.statement_id WHERE s.unit_id <> l.unit_id')).toEqual([]);
  });

  it('when a second statement of the same company, unit and month is inserted, then the new unique key refuses it; another unit is accepted', async () => {
    const insert = (unit: number) => rows(
      "INSERT INTO settlement_statement (company_id, unit_id, region_code, period, status, created_at) VALUES (?, ?, '130000', '2026-10', 'draft', ?)",
      [ids.rental, unit, dt('2026-11-06T00:00:00Z')],
    );
    await expect(insert(ids.ndrc)).rejects.toThrow();
    await expect(rows("INSERT INTO settlement_statement (company_id, period, status, created_at) VALUES (?, '2026-08', 'draft', ?)", [ids.rental, dt('2026-11-06T00:00:00Z')])).rejects.toThrow();
    await insert(ids.samr);
    await rows('DELETE FROM settlement_statement WHERE company_id = ? AND unit_id = ? AND period = ?', [ids.rental, ids.samr, '2026-10']);
  });

  it('when the migration is reverted, then the statements of a company and month merge into the lowest id and the old shape and key return', async () => {
    await migrateFirst(at + 1, true);
    const after = await statements();
    expect(after.map((s) => s.id)).toEqual([ids.paid, ids.single, ids.hotelStatement]);
    expect(after[0]).toMatchObject({ status: 'paid', payment_reference: 'ZJ-2026-11-0042' });
    expect(Object.keys(after[0]!)).not.toContain('unit_id');
    expect(Object.keys(after[0]!)).not.toContain('region_code');
    expect(await lineHome()).toEqual({
      'TR-1': ids.paid, 'TR-2': ids.paid, 'TR-3': ids.paid, 'FIX-3': ids.paid, 'TR-4': ids.single, 'HR-1': ids.hotelStatement, 'HR-2': ids.hotelStatement,
    });
    await expect(rows("INSERT INTO settlement_statement (company_id, period, status, created_at) VALUES (?, '2026-10', 'draft', ?)", [ids.rental, dt('2026-11-06T00:00:00Z')])).rejects.toThrow();
    // And up again splits the same way.
    await migrateFirst(at + 1);
    expect(await statements()).toHaveLength(5);
  });

  it('when a statement has no lines to place it by, then the migration refuses before changing the schema, naming the statement', async () => {
    await migrateFirst(at + 1, true);
    await rows("INSERT INTO settlement_statement (company_id, period, status, created_at) VALUES (?, '2026-07', 'draft', ?)", [ids.rental, dt('2026-08-01T02:00:00Z')]);
    const [empty] = await rows("SELECT id FROM settlement_statement WHERE period = '2026-07'");
    await expect(migrateFirst(at + 1)).rejects.toThrow(`结算单 ${Number(empty!.id)} 没有明细`);
    expect(Object.keys((await statements())[0]!)).not.toContain('unit_id');
    await rows('DELETE FROM settlement_statement WHERE id = ?', [empty!.id]);
    expect(await migrateFirst(at + 1)).toEqual([new SettlementPerUnit1764600004000().name]);
    expect(await statements()).toHaveLength(5);
  });
});
