import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  SIGNATURE_WINDOW_MS, SUPPLIER_QUERY_PATH, SupplierErrorCode, signingText, type SupplierAnswer, type SupplierQuery, type SupplierRecord,
} from '@shared/violations/violations.wire';

/**
 * The project's fake violation supplier (违章数据接口), for tests and the demo: it speaks the wire of
 * shared/src/violations/violations.wire.ts (modelled on the aggregators' 全国违章查询 APIs, e.g. 聚合数据),
 * checks each request's HMAC-SHA256 signature and timestamp as the real one does, and signs its answers.
 * Tests put records in with `add`; a query answers the records of the asked plates within the period.
 */
export interface RunningFakeViolationSupplier {
  baseUrl: string; appKey: string; secret: string;
  add(...records: SupplierRecord[]): void;
  /** How many queries were refused for a bad signature (tests check the adapter signs). */
  refused(): number;
  close(): Promise<void>;
}

const hmac = (secret: string, ts: string, nonce: string, body: string) => crypto.createHmac('sha256', secret).update(signingText(ts, nonce, body)).digest('hex');

/** "2026-12-05 09:30:00" Beijing time → epoch ms. */
const beijingMs = (date: string) => Date.parse(`${date.replace(' ', 'T')}+08:00`);

export async function startFakeViolationSupplier(opts: { appKey?: string; secret?: string } = {}): Promise<RunningFakeViolationSupplier> {
  const appKey = opts.appKey ?? 'demo-violation-app';
  const secret = opts.secret ?? crypto.randomBytes(24).toString('hex');
  const records: SupplierRecord[] = [];
  let refused = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const answer = (status: number, a: SupplierAnswer) => {
        const text = JSON.stringify(a);
        const ts = String(Date.now());
        const nonce = crypto.randomBytes(12).toString('hex');
        res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'X-Timestamp': ts, 'X-Nonce': nonce, 'X-Signature': hmac(secret, ts, nonce, text) });
        res.end(text);
      };
      if (req.method !== 'POST' || req.url !== SUPPLIER_QUERY_PATH) return answer(404, { error_code: SupplierErrorCode.BAD_PARAMS, reason: '接口不存在', result: null });
      const ts = String(req.headers['x-timestamp'] ?? '');
      const nonce = String(req.headers['x-nonce'] ?? '');
      const sig = String(req.headers['x-signature'] ?? '');
      if (req.headers['x-app-key'] !== appKey || !/^[0-9a-f]{64}$/.test(sig)
        || !crypto.timingSafeEqual(Buffer.from(sig, 'hex'), Buffer.from(hmac(secret, ts, nonce, body), 'hex'))) {
        refused++;
        return answer(401, { error_code: SupplierErrorCode.BAD_SIGNATURE, reason: '签名错误', result: null });
      }
      if (Math.abs(Date.now() - Number(ts)) > SIGNATURE_WINDOW_MS) return answer(401, { error_code: SupplierErrorCode.STALE, reason: '时间戳已过期', result: null });
      let q: SupplierQuery;
      try {
        q = JSON.parse(body) as SupplierQuery;
        if (!Array.isArray(q.hphm) || Number.isNaN(Date.parse(q.since)) || Number.isNaN(Date.parse(q.until))) throw new Error('bad');
      } catch {
        return answer(400, { error_code: SupplierErrorCode.BAD_PARAMS, reason: '参数错误', result: null });
      }
      const plates = new Set(q.hphm);
      const from = Date.parse(q.since);
      const to = Date.parse(q.until);
      const lists = records.filter((r) => plates.has(r.hphm) && beijingMs(r.date) >= from && beijingMs(r.date) <= to);
      answer(200, { error_code: SupplierErrorCode.OK, reason: '查询成功', result: { lists } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`, appKey, secret,
    add: (...r) => { records.push(...r); },
    refused: () => refused,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
