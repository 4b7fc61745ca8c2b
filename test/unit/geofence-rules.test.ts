import { shanghaiInstant } from '@shared/common/time';
import { breaches, GeofenceWatch, insideFence, isoWeekday, pointInCircle, pointInPolygon, windowHolds, windowLabel, type WatchedFence } from '../../server/src/modules/supervision/geofence.rules';
import { metresAwayFromSpot, silentTooLong } from '../../server/src/modules/supervision/fleet-checks';
import { loadRuleSettings } from '../../server/src/modules/supervision/supervision.config';
import { RULES } from '../../server/src/modules/supervision/supervision.rules';

/** A unit square and a concave "L" (lat, lng in degrees; small enough that the plane is the sphere). */
const SQUARE = [{ lat: 38, lng: 114 }, { lat: 38, lng: 114.1 }, { lat: 38.1, lng: 114.1 }, { lat: 38.1, lng: 114 }];
const L = [{ lat: 38, lng: 114 }, { lat: 38, lng: 114.2 }, { lat: 38.1, lng: 114.2 }, { lat: 38.1, lng: 114.1 }, { lat: 38.2, lng: 114.1 }, { lat: 38.2, lng: 114 }];
const at = (day: string, time: string) => shanghaiInstant(day, time).getTime();
const workdays = { days: [1, 2, 3, 4, 5], fromMin: 8 * 60, toMin: 18 * 60 };

describe('geofence rules', () => {
  it.each([
    ['the centre', { lat: 38.05, lng: 114.05 }, SQUARE, true],
    ['outside east', { lat: 38.05, lng: 114.15 }, SQUARE, false],
    ['outside south', { lat: 37.99, lng: 114.05 }, SQUARE, false],
    ['on an edge', { lat: 38, lng: 114.05 }, SQUARE, true],
    ['on a vertex', { lat: 38.1, lng: 114.1 }, SQUARE, true],
    ['the L\'s foot', { lat: 38.05, lng: 114.15 }, L, true],
    ['the L\'s notch (concave part)', { lat: 38.15, lng: 114.15 }, L, false],
    ['the L\'s stem', { lat: 38.15, lng: 114.05 }, L, true],
  ])('when the point is %s, then point-in-polygon says %p', (_what, p, polygon, inside) => {
    expect(pointInPolygon(p, polygon)).toBe(inside);
  });

  it('when a polygon has fewer than 3 vertices, then nothing is inside it', () => {
    expect(pointInPolygon({ lat: 38, lng: 114 }, SQUARE.slice(0, 2))).toBe(false);
  });

  it.each([
    [0, true], [990, true], [1020, false], [5000, false],
  ])('when a point is %i m east of a 1000 m circle\'s centre, then inside is %p', (metres, inside) => {
    const c = { lat: 38, lng: 114, radiusM: 1000 };
    const p = { lat: 38, lng: 114 + metres / (111_320 * Math.cos((38 * Math.PI) / 180)) };
    expect(pointInCircle(p, c)).toBe(inside);
    expect(insideFence(p, { circle: c, polygon: null })).toBe(inside);
  });

  it.each([
    ['2026-03-02', 1], ['2026-03-06', 5], ['2026-03-07', 6], ['2026-03-08', 7],
  ])('when the Beijing date is %s, then its ISO weekday is %i', (day, wd) => {
    expect(isoWeekday(day)).toBe(wd);
  });

  it.each([
    ['Wednesday 10:00', at('2026-03-04', '10:00'), workdays, true],
    ['Wednesday 07:59', at('2026-03-04', '07:59'), workdays, false],
    ['Wednesday 18:00 (end excluded)', at('2026-03-04', '18:00'), workdays, false],
    ['Saturday 10:00', at('2026-03-07', '10:00'), workdays, false],
    ['Friday 23:00 in a Fri 22:00–06:00 window', at('2026-03-06', '23:00'), { days: [5], fromMin: 22 * 60, toMin: 6 * 60 }, true],
    ['Saturday 05:00 in a Fri 22:00–06:00 window', at('2026-03-07', '05:00'), { days: [5], fromMin: 22 * 60, toMin: 6 * 60 }, true],
    ['Friday 05:00 in a Fri 22:00–06:00 window', at('2026-03-06', '05:00'), { days: [5], fromMin: 22 * 60, toMin: 6 * 60 }, false],
    ['any time with no window', at('2026-03-08', '03:00'), null, true],
  ])('when it is %s, then the window holds: %p', (_what, ms, w, holds) => {
    expect(windowHolds(w, ms)).toBe(holds);
  });

  it.each([
    [workdays, '周一至周五 08:00–18:00'], [{ days: [6, 7], fromMin: 0, toMin: 24 * 60 }, '周六、周日 00:00–24:00'],
    [{ days: [1, 2, 3, 4, 5, 6, 7], fromMin: 9 * 60, toMin: 17 * 60 }, '每天 09:00–17:00'], [null, '全天候'],
  ])('when the window is %p, then it reads %s', (w, label) => {
    expect(windowLabel(w)).toBe(label);
  });

  const permitted: WatchedFence = { id: 1, name: '本县', kind: 'permitted', unitId: 7, regionCode: '130102', window: workdays, circle: null, polygon: SQUARE };
  const forbidden: WatchedFence = { id: 2, name: '景区', kind: 'forbidden', unitId: 7, regionCode: '130102', window: null, circle: { lat: 38.3, lng: 114.05, radiusM: 1000 }, polygon: null };

  it.each([
    ['outside a permitted area in its window', permitted, { lat: 38.2, lng: 114.05 }, at('2026-03-04', '10:00'), true],
    ['outside a permitted area out of its window', permitted, { lat: 38.2, lng: 114.05 }, at('2026-03-07', '10:00'), false],
    ['inside a permitted area in its window', permitted, { lat: 38.05, lng: 114.05 }, at('2026-03-04', '10:00'), false],
    ['inside a forbidden area (always)', forbidden, { lat: 38.3, lng: 114.05 }, at('2026-03-08', '03:00'), true],
    ['outside a forbidden area', forbidden, { lat: 38.2, lng: 114.05 }, at('2026-03-08', '03:00'), false],
  ])('when a car is %s, then it breaches: %p', (_what, f, p, ms, breach) => {
    expect(breaches(f, { vehicleId: 1, atMs: ms, ...p })).toBe(breach);
  });

  it('when a car stays out over several fixes, then one warning per episode; back in and out again is a new one; a car of another unit is not judged', () => {
    const watch = new GeofenceWatch();
    watch.know([permitted, forbidden]);
    const car = { id: 1, plate: '冀A00001', ownerUnitId: 7, regionCode: '130102' };
    const judge = (time: string, p: { lat: number; lng: number }) => watch.judge({ vehicleId: 1, atMs: at('2026-03-04', time), ...p }, car);
    expect(judge('09:00', { lat: 38.05, lng: 114.05 })).toEqual([]);
    const out = judge('09:05', { lat: 38.2, lng: 114.05 });
    expect(out.map((d) => [d.kind, d.dedupeKey])).toEqual([['area_exit', `fence:1:1:${at('2026-03-04', '09:05')}`]]);
    expect(judge('09:10', { lat: 38.21, lng: 114.05 })).toEqual([]);
    // Into the forbidden circle (also outside the permitted square): only the new episode is due.
    expect(judge('09:15', { lat: 38.3, lng: 114.05 }).map((d) => d.kind)).toEqual(['forbidden_area_entry']);
    expect(judge('09:20', { lat: 38.05, lng: 114.05 })).toEqual([]);
    expect(judge('09:25', { lat: 38.2, lng: 114.05 }).map((d) => d.kind)).toEqual(['area_exit']);
    // A late fix says nothing new.
    expect(judge('09:00', { lat: 38.3, lng: 114.05 })).toEqual([]);
    expect(watch.judge({ vehicleId: 2, atMs: at('2026-03-04', '10:00'), lat: 38.3, lng: 114.05 }, { ...car, id: 2, ownerUnitId: 8 })).toEqual([]);
  });

  it.each([
    [25 * 3600_000, true], [24 * 3600_000, true], [23 * 3600_000, false],
  ])('when a terminal was last heard %i ms ago, then silent too long (24 h) is %p', (agoMs, silent) => {
    expect(silentTooLong(1_000_000_000_000 - agoMs, 1_000_000_000_000, 24 * 3600_000)).toBe(silent);
  });

  it('when a car stands 40 m or 1200 m from a 100 m spot, then it is at the spot or about 1100 m away', () => {
    const spot = { lat: 38, lng: 114, radiusM: 100 };
    const east = (m: number) => ({ lat: 38, lng: 114 + m / (111_320 * Math.cos((38 * Math.PI) / 180)) });
    expect(metresAwayFromSpot(east(40), spot)).toBeLessThan(0);
    expect(Math.round(metresAwayFromSpot(east(1200), spot) / 10)).toBe(110);
  });

  it('when the overnight hour and offline hours are configured, then the rules say so; a bad value is refused', () => {
    const s = loadRuleSettings({ SUPERVISION_OVERNIGHT_AT: '22:30', SUPERVISION_OFFLINE_H: '48' });
    expect(s.overnightAtMin).toBe(22 * 60 + 30);
    expect(s.offlineAfterMs).toBe(48 * 3600_000);
    expect(RULES.overnight_parking_away.params(s)).toContain('22:30');
    expect(RULES.terminal_offline.params(s)).toContain('48 小时');
    expect(() => loadRuleSettings({ SUPERVISION_OVERNIGHT_AT: '25:00' })).toThrow('SUPERVISION_OVERNIGHT_AT');
    expect(() => loadRuleSettings({ SUPERVISION_OFFLINE_H: '0' })).toThrow('SUPERVISION_OFFLINE_H');
    for (const k of ['area_exit', 'forbidden_area_entry', 'overnight_parking_away', 'terminal_offline', 'over_quota'] as const) expect(RULES[k].source.length).toBeGreaterThan(10);
  });
});
