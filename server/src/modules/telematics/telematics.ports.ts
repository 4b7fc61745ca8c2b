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
  /** true for 0x0704 back-fill after a blind spot */
  backfill: boolean;
}

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
