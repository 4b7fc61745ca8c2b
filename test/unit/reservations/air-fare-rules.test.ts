import { checkAirFare, seenAtOf } from '../../../server/src/modules/reservations/reservations.rules';

const now = new Date('2026-12-05T02:00:00Z');
const record = (o: Record<string, unknown> = {}) => ({ source: '国航官网', flightNo: 'CA1234', priceFen: 60_000, seenAt: '2026-12-05T01:00:00Z', quote: '', ...o });
const air = (o: Record<string, unknown> = {}) => ({ mode: 'air' as const, serviceNo: 'CA1234', paymentMethod: 'official_card' as const, fareKind: 'procurement' as const, priceRecord: null, ...o });
const quote = { procurementFen: 70_000, marketFen: 60_000 };

describe('government air-fare rules (AIR_FARE_RULES)', () => {
  it.each([
    ['a procurement fare with the 公务卡', air(), null],
    ['a train ticket on the monthly statement', air({ mode: 'train', paymentMethod: 'unit_statement' }), null],
    ['no payment method', air({ paymentMethod: null }), 'official_card'],
    ['the monthly statement', air({ paymentMethod: 'unit_statement' }), 'official_card'],
    ['personal money', air({ paymentMethod: 'personal' }), 'official_card'],
    ['a market fare without a record', air({ fareKind: 'market' }), 'market_fare_record'],
    ['a market fare with a cheaper record', air({ fareKind: 'market', priceRecord: record() }), null],
    ['a record of another flight', air({ fareKind: 'market', priceRecord: record({ flightNo: 'HU7802' }) }), 'market_fare_record'],
    ['a record seen 25 h ago', air({ fareKind: 'market', priceRecord: record({ seenAt: '2026-12-04T01:00:00Z' }) }), 'market_fare_record'],
    ['a record seen in the future', air({ fareKind: 'market', priceRecord: record({ seenAt: '2026-12-05T03:00:00Z' }) }), 'market_fare_record'],
    ['a record at the procurement fare', air({ fareKind: 'market', priceRecord: record({ priceFen: 70_000 }) }), 'procurement_fare'],
    ['a record above the procurement fare', air({ fareKind: 'market', priceRecord: record({ priceFen: 77_000 }) }), 'procurement_fare'],
    ['a record below what the supplier sells at', air({ fareKind: 'market', priceRecord: record({ priceFen: 50_000 }) }), 'market_fare_record'],
  ])('when %s, then the refusal is %s', (_what, input, rule) => {
    expect(checkAirFare(input as Parameters<typeof checkAirFare>[0], quote, now)?.rule ?? null).toBe(rule);
  });

  it('when refused, then the message names the rule and its source document', () => {
    const r = checkAirFare(air({ paymentMethod: 'unit_statement' }) as Parameters<typeof checkAirFare>[0], quote, now)!;
    expect(r.message).toContain('「机票须使用公务卡支付」');
    expect(r.message).toContain('财库〔2014〕33号');
  });

  it.each([
    ['2026-12-05 09:30', '2026-12-05T01:30:00.000Z'], ['2026-12-05T09:30:00+08:00', '2026-12-05T01:30:00.000Z'], ['昨天', null], ['2026-12-05 25:00', null],
  ])('when the time seen is %s, then it reads as %s', (s, iso) => {
    expect(seenAtOf(s)?.toISOString() ?? null).toBe(iso);
  });
});
