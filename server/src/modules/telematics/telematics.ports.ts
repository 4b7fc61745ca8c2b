/**
 * What the telematics module needs from the rest of the platform, as small interfaces, so the gateway,
 * the simulator and the tests work with fakes as well as with the real fleet module and database.
 */

/** A terminal as the fleet registry knows it (DOMAIN.md §3: vehicle record → terminal phone). */
export interface TerminalInfo {
  vehicleId: number;
  plate: string;
  unitId: number;
  deviceModel: string | null;
  /** The normalised terminal phone (no leading zeros). */
  phone: string;
}

export interface TerminalDirectory {
  findByPhone(phone: string): Promise<TerminalInfo | null>;
  findByVehicleId(vehicleId: number): Promise<TerminalInfo | null>;
}

export type PositionSource = 'report' | 'backfill' | 'reply';

/** One stored position (history). Coordinates in signed microdegrees, WGS-84 as reported. */
export interface PositionRecord {
  vehicleId: number;
  phone: string;
  gpsTime: Date;
  receivedAt: Date;
  latE6: number;
  lonE6: number;
  altitude: number;
  /** 0.1 km/h */
  speed: number;
  direction: number;
  alarm: number;
  status: number;
  /** 0.1 km, from TLV 0x01 */
  odometer: number | null;
  /** 0.1 L fuel level, from TLV 0x02; kept with the latest position only (not in the history). */
  fuel?: number | null;
  /** report: 0x0200 or 0x0704 type 0; backfill: 0x0704 type 1 (after a blind spot); reply: 0x0201/0x0500. */
  source: PositionSource;
}

/**
 * A position report as the rest of the platform hears it live, once it is in the history: only in the
 * instance whose gateway took it (backfilled reports are history, not news). WGS-84 degrees as reported.
 */
export interface LiveReport { vehicleId: number; receivedAtMs: number; speedKmh: number; alarm: number; lat: number; lng: number }

/** Batched history writes; one call = one multi-row insert. */
export interface PositionSink {
  writeBatch(rows: PositionRecord[]): Promise<void>;
}

/** Alarm bits and status changes, for the supervision warnings (DOMAIN.md §7). */
export type TelematicsEvent =
  | { type: 'alarm.raised' | 'alarm.cleared'; vehicleId: number; bits: number[]; at: string; latE6: number; lonE6: number }
  | { type: 'status.changed'; vehicleId: number; changed: Record<string, boolean>; at: string }
  | { type: 'terminal.online' | 'terminal.offline'; vehicleId: number; at: string };

export interface TelematicsEventSink {
  publish(event: TelematicsEvent): void;
}
