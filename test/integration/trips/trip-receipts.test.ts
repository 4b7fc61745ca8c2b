import request from 'supertest';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { signInAs } from '../../helpers/auth';
import { approvedTrip, as, tripBody } from '../../helpers/trips';
import { ManualClock } from '../../../server/src/platform/clock';

/** A tiny but real JPEG (SOI, APP0/JFIF, EOI) and a PNG signature: the server checks the magic bytes. */
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(600, 7), Buffer.from('ffd9', 'hex')]);
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(300, 1)]);

describe(`票据 receipts on a trip (${backend})`, () => {
  let t: TestApp;
  const clock = new ManualClock(new Date());
  beforeAll(async () => { t = await startTestApp({}, { clock }); });
  afterAll(() => t.close());

  /** A dispatched trip whose driver has accepted; returns the driver's token and the assignment. */
  async function acceptedTrip() {
    const wang = await as(t, '王建国');
    const id = await approvedTrip(wang, [await as(t, '李秀英')], tripBody({}, { daysAhead: 1, now: clock.now() }));
    const dispatched = await (await as(t, '张伟')).post('/api/dispatch/one-click', { tripIds: [id] });
    const detail = (await wang.get(`/api/trips/${id}`)).body;
    const assignment = detail.assignments[0] as { id: number; driverName: string };
    expect(dispatched.body.results[0].dispatched).toBe(true);
    const driverAuth = await signInAs(t, assignment.driverName);
    await request(t.callback).post(`/api/assignments/${assignment.id}/accept`).set('Authorization', driverAuth.Authorization);
    return { id, assignmentId: assignment.id, driverAuth, wang, driverName: assignment.driverName };
  }

  const upload = (auth: string, assignmentId: number, body: Buffer, type = 'image/jpeg', kind = 'fuel') =>
    request(t.callback).post(`/api/assignments/${assignmentId}/receipts?kind=${kind}`).set('Authorization', auth).set('Content-Type', type).send(body);

  it('when the driver attaches a receipt photo on the trip, then the dispatcher and applicant see it through a signed link that expires', async () => {
    const { id, assignmentId, driverAuth, wang } = await acceptedTrip();
    const early = await upload(driverAuth.Authorization, assignmentId, JPEG);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('RECEIPT_STATE_CONFLICT');
    expect(early.body.error.message).toContain(`行程 ${id}`);

    const recorded = (await request(t.callback).get('/api/driver/tasks').set('Authorization', driverAuth.Authorization)).body.items
      .find((x: { id: number }) => x.id === assignmentId).vehicleOdometerKm as number;
    await request(t.callback).post(`/api/assignments/${assignmentId}/depart`).set('Authorization', driverAuth.Authorization).send({ odometerKm: recorded + 1 });
    const res = await upload(driverAuth.Authorization, assignmentId, JPEG, 'image/jpeg', 'toll');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ assignmentId, kind: 'toll', kindLabel: '过路过桥费', contentType: 'image/jpeg', sizeBytes: JPEG.length });

    const listed = await (await as(t, '张伟')).get(`/api/assignments/${assignmentId}/receipts`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    const url = listed.body.items[0].url as string;
    const image = await request(t.callback).get(url).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(image.body as Buffer, JPEG)).toBe(0);
    expect((await wang.get(`/api/assignments/${assignmentId}/receipts`)).body.items).toHaveLength(1);

    const forged = url.replace(/sig=([0-9a-f])/, (_m, c: string) => `sig=${c === '0' ? '1' : '0'}`);
    expect((await request(t.callback).get(forged)).status).toBe(404);
    clock.advance(2 * 3600_000);
    const expired = await request(t.callback).get(url);
    expect(expired.status).toBe(404);
    expect(expired.body.error.code).toBe('RECEIPT_NOT_FOUND');
    // A fresh listing signs a fresh link.
    const again = (await (await as(t, '张伟')).get(`/api/assignments/${assignmentId}/receipts`)).body.items[0].url as string;
    expect((await request(t.callback).get(again)).status).toBe(200);
    expect((await (await as(t, '杨帆')).get(`/api/assignments/${assignmentId}/receipts`)).status).toBe(404);
  });

  it('when the upload is not an acceptable photo, then 400/413 names the problem and nothing is stored', async () => {
    const { assignmentId, driverAuth, driverName } = await acceptedTrip();
    const recorded = (await request(t.callback).get('/api/driver/tasks').set('Authorization', driverAuth.Authorization)).body.items
      .find((x: { id: number }) => x.id === assignmentId).vehicleOdometerKm as number;
    await request(t.callback).post(`/api/assignments/${assignmentId}/depart`).set('Authorization', driverAuth.Authorization).send({ odometerKm: recorded });
    const gif = await upload(driverAuth.Authorization, assignmentId, Buffer.from('GIF89a0000'), 'image/gif');
    expect(gif.status).toBe(400);
    expect(gif.body.error.code).toBe('RECEIPT_TYPE_UNSUPPORTED');
    const lying = await upload(driverAuth.Authorization, assignmentId, PNG, 'image/jpeg');
    expect(lying.status).toBe(400);
    expect(lying.body.error.code).toBe('RECEIPT_NOT_AN_IMAGE');
    const badKind = await upload(driverAuth.Authorization, assignmentId, JPEG, 'image/jpeg', 'lunch');
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.details.map((d: { field: string }) => d.field)).toContain('query.kind');
    const huge = await upload(driverAuth.Authorization, assignmentId, Buffer.concat([JPEG, Buffer.alloc(5 * 1024 * 1024)]));
    expect(huge.status).toBe(413);
    const empty = await request(t.callback).post(`/api/assignments/${assignmentId}/receipts?kind=fuel`).set('Authorization', driverAuth.Authorization);
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('RECEIPT_IMAGE_MISSING');
    const other = await signInAs(t, driverName === '陈刚' ? '刘强' : '陈刚');
    expect((await upload(other.Authorization, assignmentId, JPEG)).status).toBe(404);
    const listed = await request(t.callback).get(`/api/assignments/${assignmentId}/receipts`).set('Authorization', driverAuth.Authorization);
    expect(listed.body.items).toHaveLength(0);

    const png = await upload(driverAuth.Authorization, assignmentId, PNG, 'image/png', 'parking');
    expect(png.status).toBe(201);
    const removed = await request(t.callback).delete(`/api/receipts/${png.body.id}`).set('Authorization', driverAuth.Authorization);
    expect(removed.status).toBe(204);
    expect((await request(t.callback).get(`/api/assignments/${assignmentId}/receipts`).set('Authorization', driverAuth.Authorization)).body.items).toHaveLength(0);
  });
});
