import {
  alarmChanges, canMoveTo, cellOf, cellsAround, distanceM, resendDelays, statusChanges,
} from '../../../server/src/modules/telematics/telematics.rules';
import { formatGpsTime, parseGpsTime } from '../../../server/src/modules/telematics/jt808';
import { positionAt, loopFor } from '../../../server/src/fakes/jt808-terminal/route';

describe('telematics rules', () => {
  it.each([
    [2000, 2, [2000, 4000, 12000]],
    [8000, 3, [8000, 16000, 48000, 192000]],
    [100, 0, [100]],
  ])('when T1 is %i ms with %i resends, then the schedule is T(n+1) = T(n) × (n+1): %j', (first, retries, expected) => {
    expect(resendDelays(first, retries)).toEqual(expected);
  });

  it.each([
    ['pending', 'sent', true], ['sent', 'acknowledged', true], ['acknowledged', 'confirmed', true], ['sent', 'expired', true],
    ['acknowledged', 'sent', false], ['confirmed', 'failed', false], ['expired', 'confirmed', false], ['failed', 'failed', false],
  ])('when a command in %s receives %s, then moving is %s', (from, to, ok) => {
    expect(canMoveTo(from, to)).toBe(ok);
  });

  it.each([
    [0, 0b11, [0, 1], []],
    [0b11, 0b10, [], [0]],
    [0, 1 << 3, [], []],
    [1 << 29, 1 << 30, [30], [29]],
  ])('when the alarm word goes from %i to %i, then raised %j and cleared %j (unwatched bits ignored)', (prev, next, raised, cleared) => {
    expect(alarmChanges(prev, next)).toEqual({ raised, cleared });
  });

  it('when ACC turns off and the doors unlock, then both changes are named with their new values', () => {
    expect(statusChanges(0b1 | (1 << 12), 0)).toEqual({ acc: false, doorLocked: false });
    expect(statusChanges(5, 5)).toEqual({});
  });

  it('when cells around a point are listed, then the point\'s own cell and those of points within the radius are included', () => {
    const lat = 38.0428;
    const lon = 114.5149;
    const cells = cellsAround(lat, lon, 3000);
    expect(cells).toContain(cellOf(lat * 1e6, lon * 1e6));
    expect(cells).toContain(cellOf((lat + 0.025) * 1e6, (lon - 0.03) * 1e6));
    expect(distanceM(lat, lon, lat + 0.025, lon)).toBeGreaterThan(2700);
  });

  it.each(['251301000000', '250230120000', '250101240000', '25010100000'])('when the GPS time %s is impossible, then it parses to null', (t) => {
    expect(parseGpsTime(t)).toBeNull();
  });

  it('when a UTC time is formatted as GMT+8 BCD and parsed back, then it is the same instant', () => {
    const d = new Date('2025-12-31T20:30:15Z');
    expect(formatGpsTime(d)).toBe('260101043015');
    expect(parseGpsTime(formatGpsTime(d))?.toISOString()).toBe(d.toISOString());
  });

  it('when a simulated car drives its loop, then it stays on the circle and moves', () => {
    const loop = loopFor(5);
    const a = positionAt(loop, 0);
    const b = positionAt(loop, 60_000);
    expect(Math.abs(distanceM(loop.centerLat, loop.centerLon, a.lat, a.lon) - loop.radiusM)).toBeLessThan(5);
    expect(distanceM(a.lat, a.lon, b.lat, b.lon)).toBeGreaterThan(10);
  });
});
