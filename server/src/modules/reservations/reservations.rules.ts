import {
  AIR_FARE_RULES, seatClassLabel, ticketPaymentMethodLabel, travellerRankLabel,
  type AirFareRuleId, type FareKind, type PriceRecord, type SeatClass, type TicketMode, type TicketPaymentMethod, type TravellerRank,
} from '@shared/reservations/reservations.schemas';
import { formatYuan } from '@shared/common/money';
import type { LodgingStandardRow, ReceptionStandardRow, TicketStandardRow } from './reservations.entity';

/** The row for a place: the longest region prefix of the place's code that has one (city over province). */
export function standardFor<T extends { regionCode: string }>(rows: T[], regionCode: string): T | null {
  return rows.filter((r) => regionCode.startsWith(r.regionCode)).sort((a, b) => b.regionCode.length - a.regionCode.length)[0] ?? null;
}

/** Whether a night (YYYY-MM-DD) falls in the peak season MM-DD..MM-DD (which may run over the new year). */
export function inPeak(night: string, from: string | null, to: string | null): boolean {
  if (!from || !to) return false;
  const md = night.slice(5);
  return from <= to ? md >= from && md <= to : md >= from || md <= to;
}

/** The lodging cap of one night for a rank: the table's cap, raised by the peak-season uplift on peak nights. */
export function nightlyCap(row: LodgingStandardRow, night: string): { capFen: number; peak: boolean } {
  const peak = inPeak(night, row.peakFrom, row.peakTo) && row.peakUpliftPct > 0;
  return { capFen: peak ? Math.round((row.capFen * (100 + row.peakUpliftPct)) / 100) : row.capFen, peak };
}

/** The nights of a stay. */
export function nightsOf(checkIn: string, nights: number): string[] {
  const start = Date.parse(`${checkIn}T00:00:00Z`);
  return Array.from({ length: nights }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

export interface Verdict { within: boolean; rule: string | null; standardText: string; capFen: number }

/** Hotel: each night's rate against that night's cap, per room (one traveller per room). */
export function checkLodging(row: LodgingStandardRow, rank: TravellerRank, nights: Array<{ night: string; rateFen: number }>): Verdict & { capTotalFen: number } {
  const caps = nights.map((n) => ({ ...n, ...nightlyCap(row, n.night) }));
  const over = caps.filter((n) => n.rateFen > n.capFen);
  const peakNights = caps.filter((n) => n.peak).length;
  const first = caps[0]!;
  const standardText = `标准 ${formatYuan(first.capFen)}/晚${peakNights ? `（含旺季上浮 ${row.peakUpliftPct}%）` : ''}`;
  const rule = over.length
    ? `超出差旅住宿费标准：${travellerRankLabel[rank]} ${formatYuan(over[0]!.capFen)}/晚${over[0]!.peak ? '（旺季）' : ''}，${over[0]!.night} 房价 ${formatYuan(over[0]!.rateFen)}（${row.source}，${row.year}年）`
    : null;
  return { within: !over.length, rule, standardText, capFen: first.capFen, capTotalFen: caps.reduce((s, n) => s + Math.min(n.rateFen, n.capFen), 0) };
}

/** 陪餐人数 (中办发〔2013〕22号 art. 10): 10 guests or fewer → at most maxHostsSmall hosts; more → at most a third of the guests. */
export const maxHosts = (row: ReceptionStandardRow, guests: number): number => (guests <= 10 ? row.maxHostsSmall : Math.floor(guests / 3));

/** Reception: per-person price against the cap, and the head count of hosts against the guests. */
export function checkReception(row: ReceptionStandardRow, perPersonFen: number, guests: number, hosts: number): Verdict {
  const standardText = `标准 ${formatYuan(row.perPersonCapFen)}/人`;
  const src = `（${row.source}，${row.year}年）`;
  if (hosts > maxHosts(row, guests)) {
    return { within: false, rule: `陪餐人数超标：接待对象 ${guests} 人，陪餐最多 ${maxHosts(row, guests)} 人，申请 ${hosts} 人${src}`, standardText, capFen: row.perPersonCapFen };
  }
  if (perPersonFen > row.perPersonCapFen) {
    return { within: false, rule: `超出公务接待用餐标准：人均 ${formatYuan(row.perPersonCapFen)}，所选 ${formatYuan(perPersonFen)}${src}`, standardText, capFen: row.perPersonCapFen };
  }
  return { within: true, rule: null, standardText, capFen: row.perPersonCapFen };
}

/** Tickets: the seat class among those of the rank (财行〔2013〕531号 art. 8). */
export function checkTicketClass(row: TicketStandardRow, rank: TravellerRank, seatClass: SeatClass): Verdict {
  const allowed = row.classes.split(',').filter(Boolean) as SeatClass[];
  const standardText = `标准 ${allowed.map((c) => seatClassLabel[c]).join('/')}`;
  if (allowed.includes(seatClass)) return { within: true, rule: null, standardText, capFen: 0 };
  return { within: false, rule: `超出乘坐交通工具等级：${travellerRankLabel[rank]} 可乘 ${allowed.map((c) => seatClassLabel[c]).join('、')}，所选 ${seatClassLabel[seatClass]}（${row.source}，${row.year}年）`, standardText, capFen: 0 };
}

/**
 * Cancellation rule: hotel and dining free until 18:00 Shanghai the day before (the usual 最晚取消 of
 * designated hotels); after that the first night / 20 % of the table is charged. Tickets: refunded by
 * the supplier before departure (its own fee rules are the supplier's; none charged here).
 */
export function cancellationFee(kind: 'hotel' | 'dining' | 'ticket', startDate: string, now: Date, firstNightFen: number, amountFen: number): number {
  if (kind === 'ticket') return 0;
  const deadline = Date.parse(`${startDate}T18:00:00+08:00`) - 86_400_000;
  if (now.getTime() <= deadline) return 0;
  return kind === 'hotel' ? firstNightFen : Math.round(amountFen * 0.2);
}

/** A refusal under the air-fare rules: which rule, and the message naming it and its source. */
export interface FareRefusal { rule: AirFareRuleId; message: string }

const refusal = (rule: AirFareRuleId, what: string): FareRefusal => ({ rule, message: `${what}：不符合「${AIR_FARE_RULES[rule].title}」（${AIR_FARE_RULES[rule].source}）` });

/** A price record's time seen: ISO with its offset, or a Shanghai wall time (2026-12-01 09:30). */
export function seenAtOf(s: string): Date | null {
  const local = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s.trim());
  const d = local ? new Date(`${local[1]}T${local[2]}:${local[3]}:${local[4] ?? '00'}+08:00`) : /[zZ]|[+-]\d{2}:?\d{2}$/.test(s) ? new Date(s) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
}

/** A market quote older than this does not prove today's fare. */
export const PRICE_RECORD_MAX_AGE_HOURS = 24;

/**
 * The government air-fare rules (AIR_FARE_RULES) for one air ticket, before anything is booked:
 * paid with the 公务卡; at the procurement fare, or at a market fare whose price record (seen for this
 * flight, within a day, not in the future) is below the procurement fare of that flight and cabin, and
 * the supplier's market fare is not above the record. Trains: none of these (null). The cabin class is
 * checkTicketClass's (over-standard approval).
 */
export function checkAirFare(
  i: { mode: TicketMode; serviceNo: string; paymentMethod: TicketPaymentMethod | null; fareKind: FareKind; priceRecord: PriceRecord | null },
  quote: { procurementFen: number; marketFen: number | null },
  now: Date,
): FareRefusal | null {
  if (i.mode !== 'air') return null;
  if (!i.paymentMethod) return refusal('official_card', '机票未选择支付方式，须使用公务卡');
  if (i.paymentMethod !== 'official_card') return refusal('official_card', `机票不能以「${ticketPaymentMethodLabel[i.paymentMethod]}」方式支付，须使用公务卡`);
  if (i.fareKind === 'procurement') return null;
  const r = i.priceRecord;
  if (!r) return refusal('market_fare_record', `按市场价格购买 ${i.serviceNo} 未附比价记录`);
  if (r.flightNo.replace(/\s/g, '').toUpperCase() !== i.serviceNo.toUpperCase()) return refusal('market_fare_record', `比价记录的航班 ${r.flightNo} 不是所购航班 ${i.serviceNo}`);
  const seen = seenAtOf(r.seenAt);
  if (!seen) return refusal('market_fare_record', `比价时间「${r.seenAt}」无法识别`);
  if (seen.getTime() > now.getTime() + 60_000) return refusal('market_fare_record', '比价时间晚于当前时间');
  if (now.getTime() - seen.getTime() > PRICE_RECORD_MAX_AGE_HOURS * 3600_000) return refusal('market_fare_record', `比价记录已超过 ${PRICE_RECORD_MAX_AGE_HOURS} 小时，请重新比价`);
  if (r.priceFen >= quote.procurementFen) {
    return refusal('procurement_fare', `比价记录 ${formatYuan(r.priceFen)} 不低于 ${i.serviceNo} 的政府采购机票价格 ${formatYuan(quote.procurementFen)}，应按政府采购价格购买`);
  }
  if (quote.marketFen == null) return refusal('procurement_fare', `票务供应商未报 ${i.serviceNo} 的市场价格，只能按政府采购价格购买`);
  if (quote.marketFen > r.priceFen) return refusal('market_fare_record', `供应商当前市场价格 ${formatYuan(quote.marketFen)} 高于比价记录 ${formatYuan(r.priceFen)}`);
  return null;
}
