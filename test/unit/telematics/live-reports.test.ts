import { LiveReports, liveReportsOf, packReports, unpackReports } from '../../../server/src/modules/telematics/gateway/live-reports';
import type { PositionRecord } from '../../../server/src/modules/telematics/telematics.ports';

const row = (vehicleId: number, source: PositionRecord['source'], alarm = 0): PositionRecord => ({
  vehicleId, phone: '13800000101', gpsTime: new Date('2026-12-05T02:00:00Z'), receivedAt: new Date('2026-12-05T02:00:01.234Z'),
  latE6: 38_042_307, lonE6: -114_514_862, altitude: 80, speed: 487, direction: 90, alarm, status: 3, odometer: null, source,
});

/** The live report stream a gateway worker sends its primary: backfill left out, numbers packed and read back unchanged. */
describe('live position reports', () => {
  it('when a stored batch holds reports and a backfill, then only the reports go live, and packed over IPC they come back the same', () => {
    const live = liveReportsOf([row(7, 'report', (1 << 1) >>> 0), row(8, 'backfill'), row(9, 'reply', 0x8000_0000 >>> 0)]);
    expect(live.map((r) => r.vehicleId)).toEqual([7, 9]);
    expect(live[0]).toEqual({ vehicleId: 7, receivedAtMs: Date.parse('2026-12-05T02:00:01.234Z'), speedKmh: 48.7, alarm: 2, lat: 38.042307, lng: -114.514862 });
    expect(unpackReports(packReports(live))).toEqual(live);
    expect(unpackReports(JSON.parse(JSON.stringify(packReports(live))) as number[])).toEqual(live);
  });

  it('when a listener throws, then the others still hear the batch; one that stopped listening hears nothing', () => {
    const hub = new LiveReports();
    const heard: number[] = [];
    hub.on(() => { throw new Error('boom'); });
    const off = hub.on((rs) => heard.push(rs.length));
    hub.emit(liveReportsOf([row(1, 'report')]));
    off();
    hub.emit(liveReportsOf([row(2, 'report')]));
    expect(heard).toEqual([1]);
  });
});
