import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cityOf, usedPlaces } from '../../../server/src/modules/places/places.rules';
import { PlaceSearchError, TencentPlaceSearchGateway } from '../../../server/src/modules/places';
import { gazetteer, suggestion } from '../../../server/src/fakes/tencent-map';

describe('places rules', () => {
  it.each([
    ['河北省石家庄市长安区裕华东路33号', '石家庄市'],
    ['河北省保定市竞秀区朝阳南大街', '保定市'],
    ['保定市莲池区东风东路', '保定市'],
    ['河北省辛集市辛集镇', '辛集市'],
    ['', '河北省'],
    [null, '河北省'],
  ])('when the address is %p, then the search region is %p', (address, city) => {
    expect(cityOf(address)).toBe(city);
  });

  it('when a user went to places, then recent is by last use and frequent by uses (twice at least), one entry per name with the latest coordinates', () => {
    const at = (d: number) => new Date(Date.UTC(2026, 11, d));
    const { recent, frequent } = usedPlaces([
      { place: { name: 'A', lat: 38, lng: 114 }, at: at(1) },
      { place: { name: 'B' }, at: at(2) },
      { place: { name: 'A', address: '新地址', lat: 38.1, lng: 114.1 }, at: at(3) },
      { place: { name: 'C', lat: 39, lng: 115 }, at: at(3) },
      { place: { name: 'C', lat: 39, lng: 115 }, at: at(4) },
      { place: { name: 'C', lat: 39, lng: 115 }, at: at(5) },
    ]);
    expect(recent.map((p) => p.name)).toEqual(['C', 'A', 'B']);
    expect(recent[1]).toEqual({ name: 'A', address: '新地址', lat: 38.1, lng: 114.1, times: 2, lastAt: at(3).toISOString() });
    expect(recent[2]).toEqual({ name: 'B', times: 1, lastAt: at(2).toISOString() });
    expect(frequent.map((p) => [p.name, p.times])).toEqual([['C', 3], ['A', 2]]);
  });
});

describe('the gazetteer and the fake provider', () => {
  it('when the gazetteer is loaded, then it holds a few hundred distinct Hebei places with coordinates inside Hebei', () => {
    expect(gazetteer.length).toBeGreaterThan(300);
    expect(new Set(gazetteer.map(([n]) => n)).size).toBe(gazetteer.length);
    for (const [name, address, lat, lng] of gazetteer) {
      expect([name, address.startsWith('河北省')]).toEqual([name, true]);
      expect(lat > 36 && lat < 42.7 && lng > 113.4 && lng < 119.9).toBe(true);
    }
  });

  it.each([
    [{ keyword: '正定', key: 'wrong' }, { status: 311 }],
    [{ keyword: ' ', key: 'k' }, { status: 310 }],
    [{ keyword: '无此地名', key: 'k' }, { status: 0, count: 0, data: [] }],
  ])('when the fake is asked %p, then it answers like the provider %p', (q, reply) => {
    expect(suggestion(new URLSearchParams(q), 'k')).toMatchObject(reply);
  });
});

describe('the Tencent place suggestion adapter', () => {
  let server: http.Server;
  let answer: { status: number; body: string };
  let base = '';
  beforeAll(async () => {
    server = http.createServer((_req, res) => { res.writeHead(answer.status, { 'content-type': 'application/json' }); res.end(answer.body); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const gateway = () => new TencentPlaceSearchGateway(() => base, 'k', 2000);

  it('when the provider answers status 0, then entries without a usable location are left out', async () => {
    answer = { status: 200, body: JSON.stringify({ status: 0, message: 'query ok', data: [
      { id: '1', title: '石家庄站', address: '河北省石家庄市桥西区中华南大街', location: { lat: 38.0123, lng: 114.492 } },
      { id: '2', title: '1路公交线路', address: '', location: {} },
    ] }) };
    expect(await gateway().suggest('石家庄站', '石家庄市')).toEqual([{ id: '1', name: '石家庄站', address: '河北省石家庄市桥西区中华南大街', lat: 38.0123, lng: 114.492 }]);
  });

  it.each([
    [{ status: 200, body: JSON.stringify({ status: 121, message: '此key每日调用量已达到上限' }) }, 121],
    [{ status: 200, body: '<html>bad gateway</html>' }, null],
    [{ status: 502, body: '{}' }, null],
  ])('when the provider answers %p, then the adapter throws a PlaceSearchError with status %p', async (reply, status) => {
    answer = reply;
    const err = await gateway().suggest('x', '石家庄市').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlaceSearchError);
    expect((err as PlaceSearchError).status).toBe(status);
  });
});
