import { ReservationErrorCode as E } from '@shared/reservations/reservations.errors';
import { UpstreamError, UpstreamTimeoutError } from '../../platform/errors';

/** priceFen: for air the government procurement fare; marketPriceFen the market fare of the same cabin (null when not quoted). */
export interface SupplierFare { serviceNo: string; departAt: string; cabins: Array<{ seatClass: string; priceFen: number; seats: number; marketPriceFen: number | null }> }
export interface SupplierOrder { orderNo: string; state: 'BOOKED' | 'ISSUED' | 'REFUNDED'; priceFen: number; ticketNo: string | null }

/** A ticket agent's system (train and air), reached through this interface; the project's fake stands behind it in tests and the demo. */
export interface TicketSupplierGateway {
  fares(q: { mode: string; from: string; to: string; date: string }): Promise<SupplierFare[]>;
  /** Idempotent by `ref` (our reservation). */
  book(input: { ref: string; mode: string; serviceNo: string; date: string; from: string; to: string; seatClass: string; passenger: string; fareType?: 'gov' | 'market' }): Promise<SupplierOrder>;
  issue(orderNo: string): Promise<SupplierOrder>;
  refund(orderNo: string): Promise<SupplierOrder>;
  order(orderNo: string): Promise<SupplierOrder>;
}

type WireOrder = { order_no: string; state: SupplierOrder['state']; price_cent: number; ticket_no: string | null };
const toOrder = (o: WireOrder): SupplierOrder => ({ orderNo: o.order_no, state: o.state, priceFen: o.price_cent, ticketNo: o.ticket_no });

/** The supplier's HTTP API (its own wire format, see fakes/ticket-supplier); every call gives up after `timeoutMs`. */
export class HttpTicketSupplierGateway implements TicketSupplierGateway {
  constructor(private readonly baseUrl: () => string, private readonly timeoutMs: number) {}

  private async call<T>(method: 'GET' | 'POST', path: string, body?: object): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl()}${path}`, {
        method, headers: body ? { 'content-type': 'application/json' } : undefined, body: body ? JSON.stringify(body) : undefined, signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      if ((err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError') throw new UpstreamTimeoutError(E.RESERVATION_SUPPLIER_UNAVAILABLE, `票务供应商 ${this.timeoutMs} 毫秒内未响应`);
      throw new UpstreamError(E.RESERVATION_SUPPLIER_UNAVAILABLE, '票务供应商无法连接');
    }
    const json = await res.json().catch(() => null) as ({ code: number; msg?: string } & T) | null;
    if (!res.ok || !json) throw new UpstreamError(E.RESERVATION_SUPPLIER_UNAVAILABLE, `票务供应商异常（HTTP ${res.status}）`);
    if (json.code !== 0) throw new UpstreamError(E.RESERVATION_SUPPLIER_UNAVAILABLE, `票务供应商拒绝：${json.msg ?? json.code}`);
    return json;
  }

  async fares(q: { mode: string; from: string; to: string; date: string }): Promise<SupplierFare[]> {
    const r = await this.call<{ fares: Array<{ service_no: string; depart_time: string; cabins: Array<{ cabin: string; price_cent: number; left: number; market_price_cent?: number }> }> }>(
      'GET', `/open/v2/fares?${new URLSearchParams(q).toString()}`);
    return r.fares.map((f) => ({
      serviceNo: f.service_no, departAt: f.depart_time,
      cabins: f.cabins.map((c) => ({ seatClass: c.cabin, priceFen: c.price_cent, seats: c.left, marketPriceFen: c.market_price_cent ?? null })),
    }));
  }

  async book(i: { ref: string; mode: string; serviceNo: string; date: string; from: string; to: string; seatClass: string; passenger: string; fareType?: 'gov' | 'market' }): Promise<SupplierOrder> {
    const r = await this.call<{ order: WireOrder }>('POST', '/open/v2/orders', {
      ref: i.ref, mode: i.mode, service_no: i.serviceNo, date: i.date, from: i.from, to: i.to, cabin: i.seatClass, passenger: i.passenger, fare_type: i.fareType ?? 'gov',
    });
    return toOrder(r.order);
  }

  async issue(orderNo: string): Promise<SupplierOrder> { return toOrder((await this.call<{ order: WireOrder }>('POST', `/open/v2/orders/${orderNo}/issue`)).order); }
  async refund(orderNo: string): Promise<SupplierOrder> { return toOrder((await this.call<{ order: WireOrder }>('POST', `/open/v2/orders/${orderNo}/refund`)).order); }
  async order(orderNo: string): Promise<SupplierOrder> { return toOrder((await this.call<{ order: WireOrder }>('GET', `/open/v2/orders/${orderNo}`)).order); }
}
