import request from 'supertest';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as, tripBody } from '../../helpers/trips';
import { startFakeTencentMap, type RunningFakeTencentMap } from '../../../server/src/fakes/tencent-map';

describe(`places: search, the form's start, recent and frequent places (${backend})`, () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(() => t.close());

  it('when a user searches a keyword, then it goes to the map provider in its wire format with the unit\'s city and comes back as GCJ-02 suggestions', async () => {
    const deng = await as(t, '邓华');
    const fake = t.deps.fakeTencentMap!;
    const before = fake.queries.length;
    const res = await deng.get(`/api/places/search?keyword=${encodeURIComponent('正定县诸福屯')}`);
    expect(res.status).toBe(200);
    const q = fake.queries[before]!;
    expect(Object.fromEntries(q)).toEqual({ keyword: '正定县诸福屯', region: '石家庄市', region_fix: '0', page_size: '10', key: fake.key });
    expect(res.body.items[0]).toEqual({ id: expect.any(String), name: '正定县诸福屯镇人民政府', address: '河北省石家庄市正定县诸福屯镇', lat: expect.any(Number), lng: expect.any(Number) });
    // The gazetteer's coordinates pass through unchanged: GCJ-02 in, GCJ-02 out.
    const raw = await request(fake.baseUrl).get('/ws/place/v1/suggestion').query({ keyword: '正定县诸福屯', region: '石家庄市', key: fake.key });
    expect(raw.body).toMatchObject({ status: 0, message: 'query ok', data: [{ title: '正定县诸福屯镇人民政府', location: { lat: res.body.items[0].lat, lng: res.body.items[0].lng } }] });
  });

  it('when a region is given, then its places come first', async () => {
    const wang = await as(t, '王建国');
    const res = await wang.get(`/api/places/search?keyword=${encodeURIComponent('人民医院')}&region=${encodeURIComponent('保定市')}`);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(3);
    expect(res.body.items[0].address).toContain('保定市');
  });

  it('when the keyword is blank, then 400 says so in Chinese', async () => {
    const wang = await as(t, '王建国');
    const res = await wang.get('/api/places/search?keyword=%20');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('请输入要搜索的地点');
  });

  it('when nobody signs in, then search answers 401', async () => {
    expect((await request(t.callback).get('/api/places/search?keyword=x')).status).toBe(401);
  });

  it('when a county or township user opens the form, then the start is their own unit at its address', async () => {
    const deng = await as(t, '邓华');
    const res = await deng.get('/api/places/defaults');
    expect(res.status).toBe(200);
    expect(res.body.start).toEqual({ name: '建北街道办事处', address: '河北省石家庄市长安区建华北大街与光华路交叉口', lat: 38.064, lng: 114.5478 });
    expect(res.body.region).toBe('石家庄市');
    const cao = await as(t, '曹阳');
    const bd = (await cao.get('/api/places/defaults')).body;
    expect(bd.start.name).toBe('竞秀区人民政府办公室');
    expect(bd.region).toBe('保定市');
  });

  it('when a user has asked for trips, then the places they went are offered, latest first, and the repeated one as frequent; a typed address is kept as text', async () => {
    const yang = await as(t, '杨帆');
    const zhengding = { name: '正定新区管委会', address: '河北省石家庄市正定县新区园博园大街', lat: 38.157, lng: 114.5924 };
    const typed = { name: '长安区某社区服务站（门口）' };
    const origin = (await yang.get('/api/places/defaults')).body.start;
    expect(origin.name).toBe('长安区人民政府办公室');
    for (const [i, destinations] of [[zhengding], [typed], [zhengding]].entries()) {
      const res = await yang.post('/api/trips', tripBody({ origin, destinations }, { daysAhead: 3 + i }));
      expect(res.status).toBe(201);
      const detail = (await yang.get(`/api/trips/${res.body.id}`)).body;
      expect(detail.origin).toEqual(origin);
      expect(detail.destinations).toEqual(destinations);
    }
    const d = (await yang.get('/api/places/defaults')).body;
    expect(d.recent.map((p: { name: string }) => p.name)).toEqual(['正定新区管委会', '长安区人民政府办公室', '长安区某社区服务站（门口）']);
    expect(d.recent[0]).toMatchObject({ ...zhengding, times: 2 });
    expect(d.recent[2]).not.toHaveProperty('lat');
    expect(d.frequent.map((p: { name: string; times: number }) => [p.name, p.times])).toEqual([['长安区人民政府办公室', 3], ['正定新区管委会', 2]]);
  });

  it('when a destination has a latitude without a longitude, then the trip is refused in Chinese', async () => {
    const yang = await as(t, '杨帆');
    const res = await yang.post('/api/trips', tripBody({ destinations: [{ name: '某地', lat: 38.1 }] }, { daysAhead: 9 }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('地点坐标应同时含纬度与经度');
  });
});

describe(`places: the map provider refuses (${backend})`, () => {
  let provider: RunningFakeTencentMap;
  let t: TestApp;
  beforeAll(async () => {
    // A real provider configured with a key it does not know: it answers status 311 in its own format.
    provider = await startFakeTencentMap('the-right-key');
    t = await startTestApp({ TENCENT_MAP_KEY: 'a-wrong-key', TENCENT_MAP_API_BASE: provider.baseUrl });
  });
  afterAll(async () => { await t.close(); await provider.close(); });

  it('when the provider answers a non-zero status, then the search answers 502 PLACE_SEARCH_FAILED and the form can still take a typed address', async () => {
    expect(t.deps.fakeTencentMap).toBeNull();
    const wang = await as(t, '王建国');
    const res = await wang.get(`/api/places/search?keyword=${encodeURIComponent('石家庄站')}`);
    expect(provider.queries.at(-1)?.get('key')).toBe('a-wrong-key');
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ code: 'PLACE_SEARCH_FAILED', message: '地点搜索暂不可用，请直接输入地址' });
  });
});
