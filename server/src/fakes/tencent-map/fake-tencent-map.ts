import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { countyEntries } from './gazetteer-counties';
import { landmarks, type GazetteerEntry } from './gazetteer-landmarks';

/**
 * A fake of Tencent Location Service's place suggestion API for the embedded default/demo and tests:
 * `GET /ws/place/v1/suggestion?keyword=&region=&region_fix=&page_size=&key=` answers as the real one does
 * ({ status, message, count, data: [{ id, title, address, province, city, district, adcode, category,
 * type, location: { lat, lng } }], request_id }, GCJ-02), from a seeded gazetteer of Hebei places.
 * A wrong key answers status 311 and a missing keyword 310, as the provider documents; it records the
 * queries it saw so a test can check what went out.
 */
export const gazetteer: readonly GazetteerEntry[] = dedupe([...landmarks, ...countyEntries()]);

export interface RunningFakeTencentMap { baseUrl: string; key: string; queries: URLSearchParams[]; close(): Promise<void> }

export async function startFakeTencentMap(key: string, port = 0): Promise<RunningFakeTencentMap> {
  const queries: URLSearchParams[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' || url.pathname !== '/ws/place/v1/suggestion') return send(404, { status: 404, message: 'not found' });
    queries.push(url.searchParams);
    send(200, suggestion(url.searchParams, key));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${actual}`, key, queries, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The provider's answer to one suggestion query. */
export function suggestion(q: URLSearchParams, key: string): Record<string, unknown> {
  const requestId = createHash('sha1').update(q.toString()).digest('hex').slice(0, 20);
  if (q.get('key') !== key) return { status: 311, message: 'key格式错误', request_id: requestId };
  const keyword = (q.get('keyword') ?? '').trim();
  if (!keyword) return { status: 310, message: '请求参数信息有误', request_id: requestId };
  const region = (q.get('region') ?? '').trim();
  const pageSize = Math.min(20, Math.max(1, Number(q.get('page_size') ?? 10) || 10));
  const words = keyword.split(/\s+/);
  const hits = gazetteer
    .map((e, i) => ({ e, i, score: score(e, words) }))
    .filter((h) => h.score > 0)
    // region_fix=0: places in the region first, then the rest; region_fix=1 keeps only the region's.
    .filter((h) => q.get('region_fix') !== '1' || !region || h.e[1].includes(region))
    .sort((a, b) => Number(b.e[1].includes(region) && !!region) - Number(a.e[1].includes(region) && !!region) || b.score - a.score || a.i - b.i)
    .slice(0, pageSize);
  return {
    status: 0, message: 'query ok', count: hits.length, request_id: requestId,
    data: hits.map(({ e: [title, address, lat, lng], i }) => {
      const [, province = '河北省', city = '', district = ''] = /^(河北省)(\S+?市)(\S+?(?:区|县|市))?/.exec(address) ?? [];
      return {
        id: String(10_000_000_000_000 + i * 7919), title, address, category: '地名地址', type: 0,
        location: { lat, lng }, adcode: 0, province, city, district,
      };
    }),
  };
}

/** Every word must appear in the name or the address; a name hit counts more, a name starting with it most. */
function score([title, address]: GazetteerEntry, words: string[]): number {
  let s = 0;
  for (const w of words) {
    if (title.startsWith(w)) s += 3;
    else if (title.includes(w)) s += 2;
    else if (address.includes(w)) s += 1;
    else return 0;
  }
  return s;
}

function dedupe(entries: GazetteerEntry[]): GazetteerEntry[] {
  const seen = new Set<string>();
  return entries.filter(([name]) => (seen.has(name) ? false : (seen.add(name), true)));
}
