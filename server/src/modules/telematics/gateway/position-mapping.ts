import { latitudeOf, longitudeOf, parseGpsTime, readKnownItems, type Location } from '../jt808';
import type { PositionRecord, PositionSource, TelematicsEventSink, TerminalInfo } from '../telematics.ports';
import { alarmChanges, statusChanges } from '../telematics.rules';

/** A decoded report as a history row. A report with an impossible time keeps the receive time. */
export function toRecord(info: TerminalInfo, loc: Location, receivedAt: Date, source: PositionSource): PositionRecord {
  const items = readKnownItems(loc.items);
  return {
    vehicleId: info.vehicleId,
    phone: info.phone,
    gpsTime: parseGpsTime(loc.time) ?? receivedAt,
    receivedAt,
    latE6: Math.round(latitudeOf(loc) * 1e6),
    lonE6: Math.round(longitudeOf(loc) * 1e6),
    altitude: loc.altitude,
    speed: loc.speed,
    direction: loc.direction,
    alarm: loc.alarm >>> 0,
    status: loc.status >>> 0,
    odometer: items.odometer ?? null,
    fuel: items.fuel ?? null,
    source,
  };
}

/** Per-terminal memory of the last alarm and status words, to publish only changes. */
export interface ChangeMemory {
  lastAlarm: number;
  lastStatus: number | null;
}

export function trackChanges(
  mem: ChangeMemory, vehicleId: number, loc: Pick<Location, 'alarm' | 'status' | 'latE6' | 'lonE6'>, at: Date, events: TelematicsEventSink,
): void {
  if (loc.alarm >>> 0 === mem.lastAlarm && loc.status >>> 0 === mem.lastStatus) return;
  const iso = at.toISOString();
  const { raised, cleared } = alarmChanges(mem.lastAlarm, loc.alarm >>> 0);
  const latE6 = Math.round(latitudeOf(loc) * 1e6);
  const lonE6 = Math.round(longitudeOf(loc) * 1e6);
  if (raised.length) events.publish({ type: 'alarm.raised', vehicleId, bits: raised, at: iso, latE6, lonE6 });
  if (cleared.length) events.publish({ type: 'alarm.cleared', vehicleId, bits: cleared, at: iso, latE6, lonE6 });
  if (mem.lastStatus !== null) {
    const changed = statusChanges(mem.lastStatus, loc.status >>> 0);
    if (Object.keys(changed).length) events.publish({ type: 'status.changed', vehicleId, changed, at: iso });
  }
  mem.lastAlarm = loc.alarm >>> 0;
  mem.lastStatus = loc.status >>> 0;
}
