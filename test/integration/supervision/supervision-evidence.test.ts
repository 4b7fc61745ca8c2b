import request from 'supertest';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as } from '../../helpers/trips';
import { signInAs } from '../../helpers/auth';
import { seedUnitId, seedVehicleId } from '../../helpers/seed-lookup';
import { solidPng } from '../../helpers/png';

/**
 * 申诉证据 (#18): the unit's fleet admin uploads photos for an appeal, names them in it, and everyone
 * who reads the warning sees them through signed links; photos of another warning, forged links and
 * uploads by anyone else are refused.
 */
describe(`supervision appeal evidence (${backend})`, () => {
  let t: TestApp;
  let warningId: number;
  let otherId: number;
  beforeAll(async () => {
    t = await startTestApp();
    const vehicleId = await seedVehicleId(t, '冀A00109');
    const raise = (n: number) => t.deps.supervision.engine.raise({
      kind: 'speeding', dedupeKey: `evidence-test-${n}`, vehicle: { id: vehicleId, plate: '冀A00109' }, unitId: 0, regionCode: '130102',
      title: '冀A·00109 超速行驶', detail: '测试', occurredAt: new Date(),
    });
    const unitId = await seedUnitId(t, '长安区人民政府办公室');
    warningId = (await t.deps.supervision.engine.raise({ kind: 'speeding', dedupeKey: 'evidence-test-a', vehicle: { id: vehicleId, plate: '冀A00109' }, unitId, regionCode: '130102', title: '冀A·00109 超速行驶', detail: '测试', occurredAt: new Date() }))!.id;
    otherId = (await t.deps.supervision.engine.raise({ kind: 'speeding', dedupeKey: 'evidence-test-b', vehicle: { id: vehicleId, plate: '冀A00109' }, unitId, regionCode: '130102', title: '冀A·00109 超速行驶', detail: '测试', occurredAt: new Date() }))!.id;
    void raise;
  });
  afterAll(() => t.close());

  const upload = async (name: string, id: number, body: Buffer, type = 'image/png') => request(t.callback).post(`/api/supervision/warnings/${id}/evidence`)
    .set('Authorization', (await signInAs(t, name)).Authorization).set('Content-Type', type).send(body);

  it('when the unit\'s fleet admin appeals with an uploaded photo, then the appeal carries it and readers above see the image through a signed link', async () => {
    const photo = solidPng(64, 48, [200, 60, 60]);
    const up = await upload('何勇', warningId, photo);
    expect(up.status).toBe(201);
    expect(up.body.ref).toBe(`/api/supervision/evidence/${up.body.id}`);
    const he = await as(t, '何勇');
    const appealed = await he.post(`/api/supervision/warnings/${warningId}/appeal`, { reason: '执行应急任务，有审批单', evidence: [up.body.ref] });
    expect(appealed.status).toBe(200);
    const seen = await (await as(t, '吴芳')).get(`/api/supervision/warnings/${warningId}`);
    const link = seen.body.actions.find((a: { action: string }) => a.action === 'appeal').evidence[0] as string;
    expect(link).toMatch(new RegExp(`^/api/supervision/evidence/${up.body.id}/image\\?exp=\\d+&sig=[0-9a-f]{32}$`));
    const image = await request(t.callback).get(link);
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(image.body as Buffer, photo)).toBe(0);
    // A forged signature is as if the photo did not exist.
    const forged = await request(t.callback).get(link.replace(/sig=[0-9a-f]{32}/, `sig=${'0'.repeat(32)}`));
    expect(forged.status).toBe(404);
  });

  it('when a photo of another warning is named, or someone other than the unit uploads, or the body is no image, then it is refused with a reason and nothing is written', async () => {
    const other = await upload('何勇', otherId, solidPng(8, 8, [0, 0, 0]));
    expect(other.status).toBe(201);
    const he = await as(t, '何勇');
    const wrong = await he.post(`/api/supervision/warnings/${warningId}/appeal`, { reason: '再次申诉', evidence: [other.body.ref] });
    // The warning is already appealed; a fresh one refuses a foreign photo by name.
    expect([400, 409]).toContain(wrong.status);
    const crossed = await he.post(`/api/supervision/warnings/${otherId}/appeal`, { reason: '申诉理由', evidence: [`/api/supervision/evidence/${other.body.id + 1000}`] });
    expect(crossed.status).toBe(400);
    expect(crossed.body.error).toMatchObject({ code: 'EVIDENCE_NOT_FOUND' });
    expect(crossed.body.error.message).toContain(`预警 ${otherId}`);
    expect((await (await as(t, '何勇')).get(`/api/supervision/warnings/${otherId}`)).body.status).toBe('open');

    const byZhao = await upload('赵磊', otherId, solidPng(8, 8, [0, 0, 0])); // another unit's fleet admin
    expect(byZhao.status).toBe(404);
    const bySupervisor = await upload('吴芳', otherId, solidPng(8, 8, [0, 0, 0]));
    expect(bySupervisor.status).toBe(403);
    const notImage = await upload('何勇', otherId, Buffer.from('not a png at all'));
    expect(notImage.status).toBe(400);
    expect(notImage.body.error.message).toContain('不是 image/png');
  });

  it('when Appendix A is asked for as Excel by the city supervisor, then it is a workbook', async () => {
    const res = await request(t.callback).get('/api/supervision/appendix-a.xlsx?regionCode=130100&period=2026-12').set('Authorization', (await signInAs(t, '吴芳')).Authorization)
      .buffer(true).parse((r, cb) => { const chunks: Buffer[] = []; r.on('data', (c: Buffer) => chunks.push(c)); r.on('end', () => cb(null, Buffer.concat(chunks))); });
    expect(res.status).toBe(200);
    expect((res.body as Buffer).subarray(0, 2).toString('latin1')).toBe('PK');
  });
});
