import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { manyRows, pageRows } from '../../../server/src/platform/db/rows';
import { TRIP_LIST_COLUMNS, TripEntity } from '../../../server/src/modules/trips/trips.entity';
import { UserEntity } from '../../../server/src/modules/identity/identity.entity';

/**
 * platform/db/rows.ts maps raw rows itself instead of TypeORM's getMany: it must give the very same values
 * for every column type we use (integers, strings, doubles, decimals, bigints, blobs, booleans, dates,
 * nulls, the personal-data transformer) on both backends. Checked over every entity of the seeded database.
 */
describe(`rows read without TypeORM's hydration (${backend})`, () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(() => t.close());

  it('when every entity\'s rows are read both ways, then each row has the same columns with the same values and types', async () => {
    const metadatas = t.deps.db.dataSource.entityMetadatas;
    let compared = 0;
    const types = new Set<string>();
    for (const m of metadatas) {
      const qb = () => {
        const q = t.deps.db.manager.createQueryBuilder(m.target, 'x');
        for (const p of m.primaryColumns) q.addOrderBy(`x.${p.propertyPath}`, 'DESC');
        return q.take(40);
      };
      const expected = await qb().getMany();
      const got = await manyRows(qb());
      expect(got.length).toBe(expected.length);
      got.forEach((row, i) => {
        const want = expected[i] as Record<string, unknown>;
        expect(Object.keys(row).sort()).toEqual(Object.keys(want).sort());
        for (const [k, v] of Object.entries(want)) {
          const mine = (row as Record<string, unknown>)[k];
          expect({ entity: m.name, column: k, value: mine, type: typeof mine, date: mine instanceof Date, buffer: Buffer.isBuffer(mine) })
            .toEqual({ entity: m.name, column: k, value: v, type: typeof v, date: v instanceof Date, buffer: Buffer.isBuffer(v) });
          if (v != null) types.add(v instanceof Date ? 'date' : Buffer.isBuffer(v) ? 'buffer' : typeof v);
        }
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(200);
    // The seeded database exercises the conversions that matter: dates, booleans, numbers, strings, null.
    expect([...types].sort()).toEqual(expect.arrayContaining(['boolean', 'date', 'number', 'string']));
  });

  it('when a decrypted phone and a list\'s columns are read, then they are the clear phone and only those columns', async () => {
    const users = await manyRows(t.deps.db.manager.createQueryBuilder(UserEntity, 'u').where('u.name = :n', { n: '王建国' }));
    expect(users[0]!.phone).toMatch(/^1\d{10}$/);
    const [page, total] = await pageRows(t.deps.db.manager.createQueryBuilder(TripEntity, 't').orderBy('t.id', 'ASC').take(5), TRIP_LIST_COLUMNS);
    expect(total).toBe(await t.deps.db.manager.count(TripEntity));
    expect(page.length).toBe(Math.min(5, total));
    for (const row of page) expect(Object.keys(row).sort()).toEqual([...TRIP_LIST_COLUMNS].sort());
  });

  it('when the query joins another table or selects an expression, then it is refused rather than read wrong', async () => {
    const joined = t.deps.db.manager.createQueryBuilder(TripEntity, 't').innerJoin(UserEntity.options.name, 'u', 'u.id = t.applicantId');
    await expect(manyRows(joined)).rejects.toThrow(/only a select of one entity/);
    const expr = t.deps.db.manager.createQueryBuilder(TripEntity, 't').select('COUNT(*)', 'n');
    await expect(manyRows(expr)).rejects.toThrow(/only a select of one entity/);
  });
});
