import { formatYuan, yuanToFen } from '@shared/common/money';
import { formatPlate, formatShanghai, maskPhone } from '@shared/common/format';

describe('display formats (JOURNEYS.md "Everyone")', () => {
  it.each([
    [0, '¥0.00'], [8300, '¥83.00'], [5, '¥0.05'], [123456, '¥1,234.56'], [123456789, '¥1,234,567.89'], [-1050, '-¥10.50'],
  ])('when %i fen is shown, then it reads %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });

  it('when yuan are converted, then fen are whole numbers', () => {
    expect(yuanToFen(85.5)).toBe(8550);
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
  });

  it('when a UTC time is shown, then it is in Asia/Shanghai', () => {
    expect(formatShanghai('2026-11-26T01:00:00Z')).toBe('2026年11月26日 09:00');
    expect(formatShanghai('2026-12-31T16:30:00Z')).toBe('2027年01月01日 00:30');
  });

  it('when a phone or plate is shown, then the phone is masked and the plate has its dot', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone(null)).toBe('');
    expect(formatPlate('冀A12345')).toBe('冀A·12345');
    expect(formatPlate('冀AD20001')).toBe('冀A·D20001');
  });
});
