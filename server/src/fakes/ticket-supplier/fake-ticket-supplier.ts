import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';

/**
 * A ticket supplier (train and air, 政府采购机票 channel) speaking its own wire format over HTTP, for
 * tests and the demo. Fares are derived from the route, so the same query always answers the same:
 *   GET  /open/v2/fares?mode=train|air&from=&to=&date=YYYY-MM-DD  → { code: 0, fares: [{ service_no, depart_time, cabins: [{ cabin, price_cent, left, market_price_cent? }] }] }
 *     (air: price_cent is the government procurement fare 政府采购机票价格, market_price_cent the market fare of the
 *     same cabin today — on the first flight of a route below it, on the second above it)
 *   POST /open/v2/orders { ref, mode, service_no, date, from, to, cabin, passenger, fare_type?: 'gov'|'market' } → { code: 0, order: { order_no, state: 'BOOKED', price_cent, fare_type } }
 *   POST /open/v2/orders/:no/issue   → { code: 0, order: { state: 'ISSUED', ticket_no } }
 *   POST /open/v2/orders/:no/refund  → { code: 0, order: { state: 'REFUNDED', ticket_no: null } }
 *   GET  /open/v2/orders/:no         → { code: 0, order }
 * `ref` makes booking idempotent; issue and refund are too. Errors: { code: <non-zero>, msg }.
 * Like the real one it is slow or fails now and then: `failNext(op, n, how)` makes the next n calls of an
 * operation time out (no answer until `timeoutMs`, nothing done) or fail (HTTP 500); `randomFailure` does it
 * by chance (the demo).
 */
export type SupplierOp = 'fares' | 'book' | 'issue' | 'refund';
export interface FakeOrder { order_no: string; ref: string; mode: string; service_no: string; date: string; from: string; to: string; cabin: string; passenger: string; price_cent: number; fare_type: 'gov' | 'market'; state: 'BOOKED' | 'ISSUED' | 'REFUNDED'; ticket_no: string | null }

export interface RunningFakeTicketSupplier {
  baseUrl: string;
  orders: Map<string, FakeOrder>;
  calls: Array<{ op: SupplierOp; at: number }>;
  failNext(op: SupplierOp, n: number, how: 'timeout' | 'error'): void;
  close(): Promise<void>;
}

const trainCabins: Array<[string, number]> = [['business', 3.1], ['first', 1.6], ['second', 1]];
const airCabins: Array<[string, number]> = [['air_first', 3], ['economy', 1]];

/** Market fare against the procurement fare, per flight of a route: the first flight sells below it, the second above. */
const marketFactors = [0.85, 1.1];

export function faresFor(mode: string, from: string, to: string, date: string): Array<{ service_no: string; depart_time: string; cabins: Array<{ cabin: string; price_cent: number; left: number; market_price_cent?: number }> }> {
  const h = createHash('sha1').update(`${mode}|${from}|${to}`).digest();
  const base = mode === 'air' ? 60_000 + (h[0]! % 50) * 1_000 : 9_000 + (h[0]! % 40) * 500;
  const services = mode === 'air' ? ['CA1234', 'HU7802'] : ['G6712', 'G6734', 'D2002'];
  return services.map((no, i) => ({
    service_no: no, depart_time: `${date}T${String(7 + i * 3).padStart(2, '0')}:${String(h[i + 1]! % 60).padStart(2, '0')}:00+08:00`,
    cabins: (mode === 'air' ? airCabins : trainCabins).map(([cabin, factor]) => {
      const price = Math.round((base * factor) / 100) * 100;
      return { cabin, price_cent: price, left: 5 + (h[i + 4]! % 40), ...(mode === 'air' ? { market_price_cent: Math.round((price * marketFactors[i % 2]!) / 100) * 100 } : {}) };
    }),
  }));
}

export async function startFakeTicketSupplier(opts: { port?: number; timeoutMs?: number; randomFailure?: number; delayMs?: number } = {}): Promise<RunningFakeTicketSupplier> {
  const orders = new Map<string, FakeOrder>();
  const byRef = new Map<string, string>();
  const calls: RunningFakeTicketSupplier['calls'] = [];
  const failures: Array<{ op: SupplierOp; how: 'timeout' | 'error' }> = [];
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const pending = new Set<NodeJS.Timeout>();
  let seq = 0;

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => { raw += c.toString('utf8'); });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const send = (status: number, body: unknown) => {
        if (res.writableEnded) return;
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      const m = /^\/open\/v2\/orders\/([A-Z0-9]+)(?:\/(issue|refund))?$/.exec(url.pathname);
      const op: SupplierOp | null = url.pathname === '/open/v2/fares' ? 'fares' : url.pathname === '/open/v2/orders' ? 'book' : (m?.[2] as SupplierOp | undefined) ?? null;
      if (op) calls.push({ op, at: Date.now() });
      const idx = op ? failures.findIndex((f) => f.op === op) : -1;
      const forced = idx >= 0 ? failures.splice(idx, 1)[0]!.how : op && opts.randomFailure && Math.random() < opts.randomFailure ? (Math.random() < 0.5 ? 'timeout' : 'error') : null;
      if (forced === 'timeout') {
        // Nothing is done; the answer comes only after the caller has given up.
        const t = setTimeout(() => { pending.delete(t); send(504, { code: 504, msg: '系统繁忙' }); }, timeoutMs);
        pending.add(t);
        return;
      }
      if (forced === 'error') return send(500, { code: 500, msg: '供应商系统异常' });
      const answer = () => {
        let body: Record<string, string> = {};
        try { body = raw ? JSON.parse(raw) as Record<string, string> : {}; } catch { return send(400, { code: 400, msg: 'bad json' }); }
        if (req.method === 'GET' && op === 'fares') {
          const q = url.searchParams;
          return send(200, { code: 0, fares: faresFor(q.get('mode') ?? 'train', q.get('from') ?? '', q.get('to') ?? '', q.get('date') ?? '') });
        }
        if (req.method === 'POST' && op === 'book') {
          const existing = byRef.get(body.ref ?? '');
          if (existing) return send(200, { code: 0, order: orders.get(existing) });
          const fare = faresFor(body.mode ?? '', body.from ?? '', body.to ?? '', body.date ?? '').find((f) => f.service_no === body.service_no);
          const cabin = fare?.cabins.find((c) => c.cabin === body.cabin);
          if (!fare || !cabin) return send(200, { code: 4041, msg: '车次/航班或席别不存在' });
          const fareType = body.fare_type === 'market' ? 'market' : 'gov';
          if (fareType === 'market' && cabin.market_price_cent == null) return send(200, { code: 4042, msg: '该席别无市场票价' });
          const order: FakeOrder = {
            order_no: `TS${String(++seq).padStart(8, '0')}`, ref: body.ref!, mode: body.mode!, service_no: body.service_no!, date: body.date!, from: body.from!, to: body.to!,
            cabin: body.cabin!, passenger: body.passenger ?? '', price_cent: fareType === 'market' ? cabin.market_price_cent! : cabin.price_cent, fare_type: fareType, state: 'BOOKED', ticket_no: null,
          };
          orders.set(order.order_no, order);
          byRef.set(order.ref, order.order_no);
          return send(200, { code: 0, order });
        }
        const order = m ? orders.get(m[1]!) : undefined;
        if (!order) return send(404, { code: 4040, msg: '订单不存在' });
        if (req.method === 'GET' && !m![2]) return send(200, { code: 0, order });
        if (op === 'issue') {
          if (order.state === 'REFUNDED') return send(200, { code: 4091, msg: '订单已退' });
          if (order.state === 'BOOKED') { order.state = 'ISSUED'; order.ticket_no = `E${order.order_no.slice(2)}${order.cabin.length}`; }
          return send(200, { code: 0, order });
        }
        if (op === 'refund') {
          order.state = 'REFUNDED';
          order.ticket_no = null;
          return send(200, { code: 0, order });
        }
        return send(404, { code: 404, msg: 'not found' });
      };
      if (opts.delayMs) setTimeout(answer, Math.random() * opts.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`, orders, calls,
    failNext: (op, n, how) => { for (let i = 0; i < n; i++) failures.push({ op, how }); },
    close: () => new Promise((resolve) => {
      for (const t of pending) clearTimeout(t);
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
