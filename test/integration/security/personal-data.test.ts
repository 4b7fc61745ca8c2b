import request from 'supertest';
import { ManualClock } from '../../../server/src/platform/clock';
import { configurePii, isEncryptedPii, loadPiiSettings, piiCipher } from '../../../server/src/platform/crypto/pii';
import { reencryptPersonalData } from '../../../server/src/platform/crypto/pii-rotation';
import { migrations } from '../../../server/src/migrations';
import { PersonalDataEncryption1766300000000 } from '../../../server/src/migrations/1766300000000-personal-data-encryption';
import { users as seedUsers, drivers as seedDrivers } from '../../../server/src/seed/seed-data';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { signInAs } from '../../helpers/auth';
import { seedUserId, seedVehicleId } from '../../helpers/seed-lookup';

const LICENCE = '130102198001011234';
const clearValues = [...seedUsers.map((u) => u.phone), ...seedDrivers.map((d) => d.phone), LICENCE];

/** The bearer header of a seeded user. */
const bearer = async (t: TestApp, name: string) => ({ Authorization: (await signInAs(t, name)).Authorization });

/** Every string cell of every table, read with plain SQL (no entity, no transformer). */
async function everyCell(t: TestApp): Promise<Array<{ table: string; column: string; value: string }>> {
  const out: Array<{ table: string; column: string; value: string }> = [];
  for (const meta of t.deps.db.dataSource.entityMetadatas) {
    const rows = (await t.deps.db.dataSource.query(`SELECT * FROM ${meta.tableName}`)) as Array<Record<string, unknown>>;
    for (const r of rows) for (const [column, value] of Object.entries(r)) if (typeof value === 'string') out.push({ table: meta.tableName, column, value });
  }
  return out;
}

describe(`personal data at rest and in responses (${backend})`, () => {
  const clock = new ManualClock(new Date('2026-11-25T08:00:00Z'));
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({}, { clock }); });
  afterAll(() => t.close());

  it('when the database is read directly, then no phone or licence number is in clear anywhere, and the personal columns hold SM4 ciphertext with a key id', async () => {
    const wang = await bearer(t, '王建国');
    expect((await request(t.callback).put('/api/rental/licence').set(wang).send({ licenceNo: LICENCE, licenceClass: 'C1', expiresOn: '2031-05-01' })).status).toBe(200);
    const cells = await everyCell(t);
    expect(cells.length).toBeGreaterThan(100);
    const leaks = cells.filter((c) => clearValues.some((v) => c.value.includes(v)));
    expect(leaks).toEqual([]);
    const q = (sql: string) => t.deps.db.dataSource.query(sql) as Promise<Array<{ v: string }>>;
    const stored = [
      ...(await q('SELECT phone AS v FROM app_user')), ...(await q('SELECT phone AS v FROM driver')),
      ...(await q('SELECT licence_no AS v FROM rental_licence')), ...(await q('SELECT phone AS v FROM unit WHERE phone IS NOT NULL')),
    ].map((r) => r.v);
    expect(stored.length).toBe(seedUsers.length + seedDrivers.length + 1 + (await q('SELECT phone AS v FROM unit WHERE phone IS NOT NULL')).length);
    for (const v of stored) expect(v).toMatch(/^sm4:demo:[0-9a-f]{64,}:[0-9a-f]{32}$/);
    // The same number twice gives two ciphertexts (random IV): equal phones cannot be matched by their ciphertext.
    const [liu] = await q(`SELECT phone AS v FROM app_user WHERE name = '刘强'`);
    const [liuDriver] = await q(`SELECT phone AS v FROM driver WHERE name = '刘强'`);
    expect(liu.v).not.toBe(liuDriver.v);
  });

  it('when an ordinary user reads users, themselves or their licence, then phones and the licence number are masked', async () => {
    const wang = await bearer(t, '王建国');
    const me = await request(t.callback).get('/api/me').set(wang);
    expect(me.body.phoneMasked).toBe('138****0001');
    expect(JSON.stringify(me.body)).not.toContain('13803110001');
    const licence = await request(t.callback).get('/api/rental/licence').set(wang);
    expect(licence.body.licence).toEqual({ licenceNoMasked: '1301**********1234', licenceClass: 'C1', expiresOn: '2031-05-01' });
    const admin = await bearer(t, '陈静');
    const list = await request(t.callback).get('/api/users?pageSize=100').set(admin);
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(20);
    const body = JSON.stringify(list.body);
    for (const v of clearValues) expect(body).not.toContain(v);
    expect(list.body.items.find((u: { name: string }) => u.name === '张伟').phoneMasked).toBe('138****0003');
  });

  it('when the dispatcher lists drivers to pick, then the drivers of their own unit come with the whole phone (to call them), masked too', async () => {
    const zhang = await bearer(t, '张伟');
    const cand = await request(t.callback).get('/api/dispatch/candidates').query({ startAt: '2026-11-26T01:00:00Z', endAt: '2026-11-26T03:00:00Z' }).set(zhang);
    expect(cand.status).toBe(200);
    const liu = cand.body.drivers.find((d: { name: string }) => d.name === '刘强');
    expect(liu).toMatchObject({ phone: '13803110005', phoneMasked: '138****0005' });
  });

  it('when a user is looked up by phone, then the keyed hash beside the ciphertext finds them', async () => {
    const found = await t.deps.identity.userByPhone('138 0311 0002');
    expect(found?.name).toBe('李秀英');
    expect(await t.deps.identity.userByPhone('13800000000')).toBeNull();
  });

  it('when the key is rotated, then old values still decrypt, the re-encrypt step moves every value to the new key, and lookups still work', async () => {
    const before = piiCipher();
    const k2 = '00112233445566778899aabbccddeeff';
    configurePii(loadPiiSettings({ PII_KEYS: `demo:5d1c0a6e8f3b4c2d9e7a6b5c4d3e2f10,k2:${k2}`, PII_KEY_CURRENT: 'k2' }));
    try {
      const wang = await bearer(t, '王建国');
      // Written before the rotation (key demo), read after it.
      expect((await request(t.callback).get('/api/me').set(wang)).body.phoneMasked).toBe('138****0001');
      const report = await reencryptPersonalData(t.deps.db.dataSource, piiCipher(), 7);
      expect(report.find((r) => r.table === 'app_user' && r.column === 'phone')?.rewritten).toBe(seedUsers.length);
      expect(report.find((r) => r.table === 'rental_licence')?.rewritten).toBe(1);
      const phones = (await t.deps.db.dataSource.query('SELECT phone AS v FROM app_user')) as Array<{ v: string }>;
      for (const p of phones) expect(p.v.startsWith('sm4:k2:')).toBe(true);
      expect((await request(t.callback).get('/api/rental/licence').set(wang)).body.licence.licenceNoMasked).toBe('1301**********1234');
      expect((await t.deps.identity.userByPhone('13803110003'))?.name).toBe('张伟');
      // A second run finds nothing left to move.
      expect((await reencryptPersonalData(t.deps.db.dataSource, piiCipher())).every((r) => r.rewritten === 0)).toBe(true);
      // Without the new key configured, its values no longer decrypt: the key id decides which key is used.
      expect(() => before.decrypt(phones[0].v)).toThrow(/密钥 k2 未配置/);
    } finally {
      configurePii(loadPiiSettings({}));
      await reencryptPersonalData(t.deps.db.dataSource, configurePii(loadPiiSettings({ PII_KEYS: `k2:${k2},demo:5d1c0a6e8f3b4c2d9e7a6b5c4d3e2f10`, PII_KEY_CURRENT: 'demo' })));
      configurePii(loadPiiSettings({}));
    }
  });

  it('when a stored ciphertext is edited in the database, then it is refused, not decrypted into something else', () => {
    const c = piiCipher().encrypt('13803110001');
    const flipped = c.replace(/^sm4:demo:([0-9a-f])/, (_m, d: string) => `sm4:demo:${d === '0' ? '1' : '0'}`);
    expect(isEncryptedPii(flipped)).toBe(true);
    expect(() => piiCipher().decrypt(flipped)).toThrow(/校验失败/);
  });

  it('when the encryption migration meets clear values from before it, then it encrypts them and fills the lookup hash', async () => {
    const ds = t.deps.db.dataSource;
    const mine = migrations.indexOf(PersonalDataEncryption1766300000000);
    for (let i = migrations.length - 1; i >= mine; i--) await ds.undoLastMigration({ transaction: 'each' });
    const [row] = (await ds.query(`SELECT phone AS v FROM app_user WHERE name = '王建国'`)) as Array<{ v: string }>;
    expect(row.v).toBe('13803110001');
    await ds.query(`UPDATE app_user SET phone = '13912345678' WHERE name = '王建国'`);
    await ds.runMigrations({ transaction: 'each' });
    const [after] = (await ds.query(`SELECT phone AS v, phone_hash AS h FROM app_user WHERE name = '王建国'`)) as Array<{ v: string; h: string }>;
    expect(isEncryptedPii(after.v)).toBe(true);
    expect(piiCipher().decrypt(after.v)).toBe('13912345678');
    expect((await t.deps.identity.userByPhone('13912345678'))?.name).toBe('王建国');
  });

  it('when tracks are older than the retention, then the daily purge deletes them and keeps the recent ones', async () => {
    expect(t.deps.telematics.retention.settings.days).toBe(180);
    const vehicleId = await seedVehicleId(t, '冀A00101');
    const day = 86_400_000;
    const at = (ms: number) => new Date(clock.now().getTime() - ms).toISOString().replace('T', ' ').replace('Z', '');
    const insert = (gps: string) => t.deps.db.dataSource.query(
      `INSERT INTO telematics_position (vehicle_id, terminal_phone, gps_time, received_at, lat_e6, lon_e6, altitude, speed, direction, alarm, status, odometer, source)
       VALUES (?, '013800000101', ?, ?, 38000000, 114500000, 0, 0, 0, 0, 0, NULL, 'report')`, [vehicleId, gps, gps]);
    for (let i = 0; i < 3; i++) await insert(at(200 * day + i * 1000));
    await insert(at(181 * day));
    await insert(at(179 * day));
    await insert(at(day));
    expect(await t.deps.telematics.retention.purge()).toBe(4);
    const left = (await t.deps.db.dataSource.query('SELECT gps_time AS g FROM telematics_position WHERE vehicle_id = ?', [vehicleId])) as unknown[];
    expect(left).toHaveLength(2);
    expect(await t.deps.telematics.retention.purge()).toBe(0);
    expect(await seedUserId(t, '王建国')).toBeGreaterThan(0);
  });
});
