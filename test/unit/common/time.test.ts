import {
  addShanghaiDays, formatShanghai, shanghaiDate, shanghaiDayBounds, shanghaiInstant, shanghaiIso, shanghaiMonth,
  shanghaiMonthBounds, shanghaiTime, startOfShanghaiDay, startOfShanghaiMonth,
} from '@shared/common/time';

/** Asia/Shanghai (UTC+8) whatever the machine's own zone: run also with TZ=America/New_York (daylight saving). */
describe('Asia/Shanghai calendar (shared/common/time)', () => {
  it.each([
    ['2026-03-01T15:59:59.999Z', '2026-03-01', '2026-03', '23:59'],
    ['2026-03-01T16:00:00Z', '2026-03-02', '2026-03', '00:00'],
    ['2026-12-31T16:30:00Z', '2027-01-01', '2027-01', '00:30'],
    ['2028-02-28T16:00:00Z', '2028-02-29', '2028-02', '00:00'],
    ['2026-03-08T07:30:00Z', '2026-03-08', '2026-03', '15:30'], // the US changes its clocks this night
  ])('when the instant is %s, then Shanghai reads %s, month %s, %s', (iso, date, month, time) => {
    expect(shanghaiDate(iso)).toBe(date);
    expect(shanghaiDate(new Date(iso))).toBe(date);
    expect(shanghaiDate(Date.parse(iso))).toBe(date);
    expect(shanghaiMonth(iso)).toBe(month);
    expect(shanghaiTime(iso)).toBe(time);
  });

  it('when an instant is formatted, then the pattern reads Shanghai wall time', () => {
    expect(formatShanghai('2026-11-26T01:00:00Z')).toBe('2026年11月26日 09:00');
    expect(formatShanghai('2026-11-26T01:00:05Z', 'yyyyMMddHHmmss')).toBe('20261126090005');
    expect(formatShanghai('2026-11-26T01:00:00Z', 'M月d日')).toBe('11月26日');
    expect(shanghaiTime('2026-11-26T01:02:03Z', true)).toBe('09:02:03');
    expect(shanghaiIso(new Date('2024-05-01T02:00:00Z'))).toBe('2024-05-01T10:00:00+08:00');
  });

  it('when a Shanghai date and time are given, then the instant is UTC eight hours earlier', () => {
    expect(shanghaiInstant('2026-11-26', '09:00').toISOString()).toBe('2026-11-26T01:00:00.000Z');
    expect(shanghaiInstant('2026-11-26', '00:30:15').toISOString()).toBe('2026-11-25T16:30:15.000Z');
    expect(shanghaiInstant('2026-11-26').toISOString()).toBe('2026-11-25T16:00:00.000Z');
    expect(() => shanghaiInstant('2026-11-26', '9 点')).toThrow(RangeError);
  });

  it('when days and months are bounded, then they run from Shanghai midnight to the next', () => {
    expect(startOfShanghaiDay('2026-12-03').toISOString()).toBe('2026-12-02T16:00:00.000Z');
    expect(startOfShanghaiDay('2026-12-02T16:00:00Z').toISOString()).toBe('2026-12-02T16:00:00.000Z');
    expect(startOfShanghaiDay('2026-12-02T15:59:59Z').toISOString()).toBe('2026-12-01T16:00:00.000Z');
    const day = shanghaiDayBounds('2026-03-08');
    expect([day.from.toISOString(), day.to.toISOString()]).toEqual(['2026-03-07T16:00:00.000Z', '2026-03-08T16:00:00.000Z']);
    const dec = shanghaiMonthBounds('2026-12');
    expect([dec.from.toISOString(), dec.to.toISOString()]).toEqual(['2026-11-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z']);
    expect(shanghaiMonthBounds(new Date('2026-11-30T16:00:00Z')).from.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(startOfShanghaiMonth(new Date('2026-11-30T15:59:59Z')).toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(startOfShanghaiMonth('2027-01').toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('when days are added, then the Shanghai calendar turns, across months and years', () => {
    expect(addShanghaiDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addShanghaiDays('2026-03-01', -1)).toBe('2026-02-28');
    // 23:30 UTC on 31 Dec is already 1 Jan in Shanghai: yesterday is 31 Dec.
    expect(addShanghaiDays(new Date('2026-12-31T23:30:00Z'), -1)).toBe('2026-12-31');
    expect(addShanghaiDays(Date.parse('2026-03-01T16:00:00Z'), 30)).toBe('2026-04-01');
  });

  it('when the runtime has no Intl time-zone data (some mini-program engines), then Shanghai is still UTC+8', () => {
    const intl = globalThis.Intl;
    try {
      (globalThis as { Intl?: typeof Intl }).Intl = undefined;
      jest.isolateModules(() => {
        const time = require('../../../shared/src/common/time') as typeof import('../../../shared/src/common/time');
        expect(time.shanghaiDate('2026-03-01T16:00:00Z')).toBe('2026-03-02');
        expect(time.shanghaiIso(new Date('2024-05-01T02:00:00Z'))).toBe('2024-05-01T10:00:00+08:00');
        expect(time.startOfShanghaiDay('2026-12-03').toISOString()).toBe('2026-12-02T16:00:00.000Z');
      });
    } finally {
      globalThis.Intl = intl;
    }
  });

  it('when the result is a Date, then it is a plain Date that serialises in UTC', () => {
    const d = startOfShanghaiDay('2026-12-03');
    expect(Object.getPrototypeOf(d)).toBe(Date.prototype);
    expect(JSON.stringify({ d })).toBe('{"d":"2026-12-02T16:00:00.000Z"}');
  });
});
