import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FeedReplyCode, feedSigningText, type FeedEnvelope, type FeedRecord, type FeedReply } from '@shared/feed/feed.wire';
import { hmacSm3Verify } from '../../platform/crypto/sm3-hmac';

/**
 * The supervision platform's receiving end (机关事务 监管平台), speaking the feed's wire format
 * (shared/src/feed/feed.wire.ts) for tests, the bench and the demo: POST {baseUrl}/api/exchange/v1/records
 * with a signed envelope. It verifies the HMAC-SM3 signature (2001 when wrong, nothing taken), holds each
 * record once by its key (a key seen before answers 0001 and changes nothing), and like the real one is
 * slow or fails now and then:
 *  - `delayMs`: every answer waits up to this long (random);
 *  - `failureRate`: that share of POSTs fail — half answer 503 having taken nothing, half take the
 *    records and then answer 502 (the reply lost on the way: the sender must resend, the keys de-duplicate).
 * Both can be changed while it runs (`configure`). `keepData: false` keeps only keys and times (the bench).
 */
export interface HeldRecord {
  key: string;
  interfaceCode: string;
  recordId: string;
  op: string;
  occurredAt: string;
  receivedAt: number;
  /** How many times the key arrived (1 + duplicates). */
  times: number;
  resend: boolean;
  data: Record<string, unknown> | null;
}

export interface FakeUpstreamOptions {
  appId: string;
  keyHex: string;
  port?: number;
  failureRate?: number;
  delayMs?: number;
  keepData?: boolean;
}

export interface RunningFakeSupervisionUpstream {
  /** The URL to POST records to (FEED_URL). */
  url: string;
  held: Map<string, HeldRecord>;
  /** Held keys of each business record, in arrival order (order per record). */
  byRecord: Map<string, string[]>;
  stats: { posts: number; failed: number; badSignature: number; records: number; duplicates: number };
  configure(opts: { failureRate?: number; delayMs?: number }): void;
  close(): Promise<void>;
}

export const FEED_PATH = '/api/exchange/v1/records';

export async function startFakeSupervisionUpstream(opts: FakeUpstreamOptions): Promise<RunningFakeSupervisionUpstream> {
  const held = new Map<string, HeldRecord>();
  const byRecord = new Map<string, string[]>();
  const stats = { posts: 0, failed: 0, badSignature: 0, records: 0, duplicates: 0 };
  let failureRate = opts.failureRate ?? 0;
  let delayMs = opts.delayMs ?? 0;
  const keepData = opts.keepData ?? true;
  const timers = new Set<NodeJS.Timeout>();

  const take = (records: FeedRecord[]): FeedReply['results'] => records.map((r) => {
    stats.records++;
    const seen = held.get(r.key);
    if (seen) {
      seen.times++;
      stats.duplicates++;
      return { key: r.key, code: FeedReplyCode.DUPLICATE, msg: '重复报送，已忽略' };
    }
    if (!r.key || !r.interfaceCode || !r.recordId) return { key: r.key, code: FeedReplyCode.RECORD_INVALID, msg: '缺少 key、interfaceCode 或 recordId' };
    held.set(r.key, {
      key: r.key, interfaceCode: r.interfaceCode, recordId: r.recordId, op: r.op, occurredAt: r.occurredAt, receivedAt: Date.now(), times: 1, resend: r.resend,
      data: keepData ? r.data : null,
    });
    const list = byRecord.get(r.recordId);
    if (list) list.push(r.key);
    else byRecord.set(r.recordId, [r.key]);
    return { key: r.key, code: FeedReplyCode.OK, msg: '成功' };
  });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: FeedReply) => {
        if (res.writableEnded) return;
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      const answer = () => {
        if (req.method !== 'POST' || req.url !== FEED_PATH) return send(404, { code: '4040', msg: '接口不存在' });
        stats.posts++;
        let env: FeedEnvelope;
        let records: FeedRecord[];
        try {
          env = JSON.parse(Buffer.concat(chunks).toString('utf8')) as FeedEnvelope;
          if (env.appId !== opts.appId || !hmacSm3Verify(opts.keyHex, feedSigningText(env), String(env.sign))) {
            stats.badSignature++;
            return send(401, { code: FeedReplyCode.SIGNATURE_INVALID, msg: '签名验证失败' });
          }
          records = JSON.parse(env.data) as FeedRecord[];
          if (!Array.isArray(records)) throw new Error('data is not a list');
        } catch {
          return send(400, { code: '4000', msg: '报文格式错误' });
        }
        const roll = failureRate > 0 ? Math.random() : 1;
        if (roll < failureRate / 2) {
          stats.failed++;
          return send(503, { code: FeedReplyCode.BUSY, msg: '系统繁忙，请稍后重试' });
        }
        const results = take(records);
        if (roll < failureRate) {
          stats.failed++;
          return send(502, { code: FeedReplyCode.BUSY, msg: '网关错误' });
        }
        send(200, { code: FeedReplyCode.OK, msg: '成功', results });
      };
      const wait = delayMs > 0 ? Math.floor(Math.random() * delayMs) : 0;
      if (!wait) return answer();
      const t = setTimeout(() => { timers.delete(t); answer(); }, wait);
      timers.add(t);
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${FEED_PATH}`,
    held, byRecord, stats,
    configure(o) {
      if (o.failureRate != null) failureRate = o.failureRate;
      if (o.delayMs != null) delayMs = o.delayMs;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
