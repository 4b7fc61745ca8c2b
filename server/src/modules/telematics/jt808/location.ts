import { ByteReader, ByteWriter, Jt808DecodeError } from './bytes';

/** One additional-information item after the 28-byte basic info; unknown ids are kept raw. */
export interface TlvItem {
  id: number;
  value: Buffer;
}

/**
 * The fixed block every 0x0200 starts with (after the time, which each reader keeps its own way).
 * Coordinates are the unsigned DWORDs of the wire; the hemisphere is in status (bits 2 and 3).
 */
export interface LocationBasics {
  alarm: number;
  status: number;
  latE6: number;
  lonE6: number;
  altitude: number;
  /** 0.1 km/h */
  speed: number;
  direction: number;
}

/** 0x0200 body. Coordinates are kept as the unsigned DWORDs of the wire; signs come from status. */
export interface Location extends LocationBasics {
  /** YYMMDDhhmmss, GMT+8, as on the wire. */
  time: string;
  items: TlvItem[];
  /** Bytes after the last complete item (a truncated item); kept, never a reason to reject. */
  trailing?: Buffer;
}

export const STATUS = {
  acc: 1 << 0,
  fixed: 1 << 1,
  south: 1 << 2,
  west: 1 << 3,
  oilCut: 1 << 10,
  powerCut: 1 << 11,
  doorLocked: 1 << 12,
  door1Open: 1 << 13,
  driving2019: 1 << 22,
} as const;

export const ALARM = {
  sos: 1 << 0,
  overspeed: 1 << 1,
  fatigue: 1 << 2,
  overspeedWarning: 1 << 13,
  fatigueWarning: 1 << 14,
  dailyDrivingOvertime: 1 << 18,
  overtimeParking: 1 << 19,
  area: 1 << 20,
  route: 1 << 21,
  routeDeviation: 1 << 23,
  illegalIgnition: 1 << 27,
  illegalMovement: 1 << 28,
  collision: 1 << 29,
  rollover: 1 << 30,
} as const;

export function decodeLocation(r: ByteReader): Location {
  const loc: Location = {
    alarm: r.u32(),
    status: r.u32(),
    latE6: r.u32(),
    lonE6: r.u32(),
    altitude: r.u16(),
    speed: r.u16(),
    direction: r.u16(),
    time: r.bcd(6),
    items: [],
  };
  while (r.remaining >= 2) {
    const id = r.u8();
    const len = r.u8();
    if (len > r.remaining) {
      // A truncated item is kept as trailing bytes rather than a reason to reject the report.
      loc.trailing = Buffer.concat([Buffer.from([id, len]), r.rest()]);
      return loc;
    }
    loc.items.push({ id, value: Buffer.from(r.bytes(len)) });
  }
  if (r.remaining > 0) loc.trailing = Buffer.from(r.rest());
  return loc;
}

export function encodeLocation(w: ByteWriter, loc: Location): void {
  w.u32(loc.alarm).u32(loc.status).u32(loc.latE6).u32(loc.lonE6);
  w.u16(loc.altitude).u16(loc.speed).u16(loc.direction).bcd(loc.time, 6);
  for (const item of loc.items) {
    if (item.value.length > 255) throw new RangeError(`TLV 0x${item.id.toString(16)} too long`);
    w.u8(item.id).u8(item.value.length).bytes(item.value);
  }
  if (loc.trailing) w.bytes(loc.trailing);
}

/** Signed degrees from the wire values and the hemisphere bits. */
export function latitudeOf(loc: Pick<Location, 'latE6' | 'status'>): number {
  return ((loc.status & STATUS.south ? -1 : 1) * loc.latE6) / 1e6;
}
export function longitudeOf(loc: Pick<Location, 'lonE6' | 'status'>): number {
  return ((loc.status & STATUS.west ? -1 : 1) * loc.lonE6) / 1e6;
}

/** Known items read from the raw list; absent or wrongly sized items are undefined. */
export interface KnownItems {
  /** 0.1 km */
  odometer?: number;
  /** 0.1 L */
  fuel?: number;
  /** 0.1 km/h */
  recorderSpeed?: number;
  signalStrength?: number;
  satellites?: number;
}

export function readKnownItems(items: TlvItem[]): KnownItems {
  const k: KnownItems = {};
  for (const { id, value } of items) {
    if (id === 0x01 && value.length === 4) k.odometer = value.readUInt32BE(0);
    else if (id === 0x02 && value.length === 2) k.fuel = value.readUInt16BE(0);
    else if (id === 0x03 && value.length === 2) k.recorderSpeed = value.readUInt16BE(0);
    else if (id === 0x30 && value.length === 1) k.signalStrength = value[0];
    else if (id === 0x31 && value.length === 1) k.satellites = value[0];
  }
  return k;
}

/**
 * JT/T 808 writes every time as GMT+8 (the 0x0200 time field: "GMT+8 时间，本标准中之后涉及的时间均采用此时区"):
 * a fixed offset of the protocol, not a time zone's rule, so the codec adds it itself rather than ask
 * shared/common/time — and a gateway decodes ten thousand reports a second, where a time-zone
 * library costs ~10 µs a call and this a fraction of one.
 */
const PROTOCOL_OFFSET_MS = 8 * 3600_000;
const PROTOCOL_OFFSET_HOURS = 8;

/** GMT+8 BCD time → UTC Date, or null when the digits are not a real time. */
export function parseGpsTime(time: string): Date | null {
  if (time.length !== 12) return null;
  const two = (i: number) => (time.charCodeAt(i) - 48) * 10 + (time.charCodeAt(i + 1) - 48);
  // BCD decoding already guarantees digits; NaN cannot occur here.
  const ms = gpsTimeMs(two(0), two(2), two(4), two(6), two(8), two(10));
  return ms === null ? null : new Date(ms);
}

/** GMT+8 date and time of day (two-digit year) → UTC epoch ms, or null when it is not a real time. */
export function gpsTimeMs(y: number, mo: number, d: number, h: number, mi: number, s: number): number | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const ms = Date.UTC(2000 + y, mo - 1, d, h - PROTOCOL_OFFSET_HOURS, mi, s);
  const check = new Date(ms + PROTOCOL_OFFSET_MS);
  if (check.getUTCDate() !== d) return null;
  return ms;
}

export function formatGpsTime(date: Date): string {
  const t = new Date(date.getTime() + PROTOCOL_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    p(t.getUTCFullYear() % 100) + p(t.getUTCMonth() + 1) + p(t.getUTCDate()) +
    p(t.getUTCHours()) + p(t.getUTCMinutes()) + p(t.getUTCSeconds())
  );
}

export function assertLocationSane(loc: Location): void {
  if (loc.latE6 > 90_000_000 || loc.lonE6 > 180_000_000) {
    throw new Jt808DecodeError(`coordinates out of range: ${loc.latE6}, ${loc.lonE6}`);
  }
}
