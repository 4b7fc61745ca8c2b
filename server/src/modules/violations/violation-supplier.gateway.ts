import crypto from 'node:crypto';
import { shanghaiInstant } from '@shared/common/time';
import { SIGNATURE_WINDOW_MS, SUPPLIER_QUERY_PATH, signingText, type SupplierAnswer, type SupplierRecord } from '@shared/violations/violations.wire';

/** The adapter of the violation supplier (wire: shared/src/violations/violations.wire.ts): signing both ways, records as we keep them. */

export function sign(secret: string, timestamp: string, nonce: string, body: string): string {
  return crypto.createHmac('sha256', secret).update(signingText(timestamp, nonce, body)).digest('hex');
}

export function signatureHolds(secret: string, h: { timestamp?: string; nonce?: string; signature?: string }, body: string, nowMs: number): boolean {
  if (!h.timestamp || !h.nonce || !h.signature || !/^[0-9a-f]{64}$/.test(h.signature)) return false;
  if (Math.abs(nowMs - Number(h.timestamp)) > SIGNATURE_WINDOW_MS) return false;
  const want = Buffer.from(sign(secret, h.timestamp, h.nonce, body), 'hex');
  return crypto.timingSafeEqual(want, Buffer.from(h.signature, 'hex'));
}

/** A violation as we keep it, from the wire. */
export interface ImportedViolation {
  archiveNo: string; plate: string; occurredAt: Date; place: string; act: string; code: string; fineFen: number; points: number;
  lat: number | null; lng: number | null;
}

export function fromWire(r: SupplierRecord): ImportedViolation {
  const [day, time] = r.date.split(' ');
  return {
    archiveNo: r.archiveno, plate: r.hphm, occurredAt: shanghaiInstant(day!, time ?? '00:00'), place: r.area, act: r.act, code: r.code,
    fineFen: Math.round(Number(r.money) * 100), points: Number(r.fen),
    lat: r.latitude ? Number(r.latitude) : null, lng: r.longitude ? Number(r.longitude) : null,
  };
}

export class SupplierError extends Error {}

export interface ViolationSupplier { query(plates: string[], since: Date, until: Date): Promise<ImportedViolation[]> }

export class HttpViolationSupplier implements ViolationSupplier {
  constructor(private readonly baseUrl: () => string, private readonly appKey: string, private readonly secret: string, private readonly timeoutMs = 5000) {}

  async query(plates: string[], since: Date, until: Date): Promise<ImportedViolation[]> {
    const body = JSON.stringify({ hphm: plates, since: since.toISOString(), until: until.toISOString() });
    const timestamp = String(Date.now());
    const nonce = crypto.randomBytes(12).toString('hex');
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl()}${SUPPLIER_QUERY_PATH}`, {
        method: 'POST', body, signal: AbortSignal.timeout(this.timeoutMs),
        headers: { 'Content-Type': 'application/json', 'X-App-Key': this.appKey, 'X-Timestamp': timestamp, 'X-Nonce': nonce, 'X-Signature': sign(this.secret, timestamp, nonce, body) },
      });
    } catch (e) {
      throw new SupplierError(`违章数据接口无法连接：${(e as Error).message}`);
    }
    const text = await res.text();
    const h = { timestamp: res.headers.get('x-timestamp') ?? undefined, nonce: res.headers.get('x-nonce') ?? undefined, signature: res.headers.get('x-signature') ?? undefined };
    if (!signatureHolds(this.secret, h, text, Date.now())) throw new SupplierError(`违章数据接口的应答签名不符（HTTP ${res.status}）`);
    const answer = JSON.parse(text) as SupplierAnswer;
    if (answer.error_code !== 0 || !answer.result) throw new SupplierError(`违章数据接口拒绝查询：${answer.reason}（${answer.error_code}）`);
    return answer.result.lists.map(fromWire);
  }
}
