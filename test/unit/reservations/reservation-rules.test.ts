import { cancellationFee, checkLodging, checkReception, checkTicketClass, inPeak, maxHosts, nightsOf, standardFor } from '../../../server/src/modules/reservations/reservations.rules';
import type { LodgingStandardRow, ReceptionStandardRow, TicketStandardRow } from '../../../server/src/modules/reservations/reservations.entity';

const lodging = (o: Partial<LodgingStandardRow> = {}): LodgingStandardRow => ({
  id: 1, regionCode: '13', rank: 'other', capFen: 35_000, peakFrom: null, peakTo: null, peakUpliftPct: 0, overStandard: 'approval', source: '财行〔2015〕497号', year: 2015, ...o,
});

describe('reservation rules', () => {
  it.each([
    ['2026-07-15', '07-01', '09-30', true], ['2026-06-30', '07-01', '09-30', false], ['2026-09-30', '07-01', '09-30', true],
    ['2026-12-31', '12-01', '02-28', true], ['2027-01-10', '12-01', '02-28', true], ['2026-11-30', '12-01', '02-28', false], ['2026-07-15', null, null, false],
  ] as const)('when the night is %s and the peak season %s..%s, then in peak is %s', (night, from, to, expected) => {
    expect(inPeak(night, from, to)).toBe(expected);
  });

  it('when a city has its own row, then it wins over the province row', () => {
    const rows = [lodging(), lodging({ id: 2, regionCode: '1303', capFen: 40_000 })];
    expect(standardFor(rows, '130302')!.capFen).toBe(40_000);
    expect(standardFor(rows, '130100')!.capFen).toBe(35_000);
    expect(standardFor(rows, '110000')).toBeNull();
  });

  it('when nights span the peak boundary, then each night has its own cap and the rule names the first night over', () => {
    const row = lodging({ peakFrom: '07-01', peakTo: '08-31', peakUpliftPct: 50 });
    const v = checkLodging(row, 'other', [{ night: '2026-08-31', rateFen: 50_000 }, { night: '2026-09-01', rateFen: 50_000 }]);
    expect(v.within).toBe(false);
    expect(v.capTotalFen).toBe(50_000 + 35_000);
    expect(v.rule).toContain('2026-09-01');
    expect(checkLodging(row, 'other', [{ night: '2026-07-10', rateFen: 52_500 }]).within).toBe(true);
  });

  it.each([[3, 3, 3, true], [3, 4, 3, false], [10, 3, 3, true], [12, 4, 4, true], [12, 5, 4, false], [30, 10, 10, true]] as const)(
    'when %i guests have %i hosts, then at most %i hosts are allowed (within: %s)', (guests, hosts, max, within) => {
      const row: ReceptionStandardRow = { id: 1, regionCode: '13', perPersonCapFen: 10_000, maxHostsSmall: 3, overStandard: 'approval', source: '中办发〔2013〕22号', year: 2013 };
      expect(maxHosts(row, guests)).toBe(max);
      expect(checkReception(row, 8_000, guests, hosts).within).toBe(within);
    });

  it('when the seat class is not among the rank\'s, then the rule names what the rank may take', () => {
    const row: TicketStandardRow = { rank: 'bureau', mode: 'train', classes: 'first,second', overStandard: 'refuse', source: '财行〔2013〕531号', year: 2013 };
    expect(checkTicketClass(row, 'bureau', 'first').within).toBe(true);
    expect(checkTicketClass(row, 'bureau', 'business').rule).toContain('厅局级 可乘 一等座、二等座，所选 商务座');
  });

  it('when cancelled before 18:00 the day before, then free; after, the first night or 20 % of the table', () => {
    expect(cancellationFee('hotel', '2026-12-10', new Date('2026-12-09T09:59:00Z'), 32_000, 64_000)).toBe(0);
    expect(cancellationFee('hotel', '2026-12-10', new Date('2026-12-09T10:01:00Z'), 32_000, 64_000)).toBe(32_000);
    expect(cancellationFee('dining', '2026-12-10', new Date('2026-12-09T10:01:00Z'), 0, 50_000)).toBe(10_000);
    expect(cancellationFee('ticket', '2026-12-10', new Date('2026-12-10T10:01:00Z'), 0, 50_000)).toBe(0);
  });

  it('when a stay runs over a month end, then its nights are consecutive dates', () => {
    expect(nightsOf('2026-12-30', 3)).toEqual(['2026-12-30', '2026-12-31', '2027-01-01']);
  });
});
