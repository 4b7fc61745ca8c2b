import { checksum } from './frame';
import type { Edition } from './header';
import { gpsTimeMs, type LocationBasics } from './location';

/** One 0x0200 location report as the gateway stores it, read by readLocationReport. */
export interface FastReport extends LocationBasics {
  serial: number;
  /** The GMT+8 BCD time as UTC epoch ms, or null when its digits are not a real time. */
  gpsTimeMs: number | null;
  /** TLV 0x01 (DWORD, 0.1 km), the last one if repeated; null when absent or wrongly sized. */
  odometer: number | null;
  /** TLV 0x02 (WORD, 0.1 L fuel level); null when absent or wrongly sized. */
  fuel: number | null;
}

const ESC = 0x7d;
const SPLIT_OR_ENCRYPTED = (1 << 13) | (0x7 << 10);
const VERSION_BIT = 1 << 14;
const RESERVED_BIT = 1 << 15;

/** Whether the BCD bytes at [at, at + n) are the digits of `digits` (one per nibble), all 0–9. */
function bcdEquals(frame: Buffer, at: number, n: number, digits: string): boolean {
  if (digits.length !== n * 2) return false;
  for (let i = 0; i < n; i++) {
    const b = frame[at + i];
    if ((b >> 4) !== digits.charCodeAt(2 * i) - 48 || (b & 0x0f) !== digits.charCodeAt(2 * i + 1) - 48) return false;
  }
  return true;
}

/** Two BCD digits as a number, or −1 when a nibble is not a digit. */
function bcd2(b: number): number {
  const hi = b >> 4;
  const lo = b & 0x0f;
  return hi > 9 || lo > 9 ? -1 : hi * 10 + lo;
}

/**
 * The message a gateway gets most, read without the general decoder's objects: a whole 0x0200
 * (not split, not encrypted, reserved bit clear, nothing escaped, length and checksum right) whose
 * header is `edition` with `phone` (the BCD digits as on the wire) and, in 2019, `version`. Null
 * whenever any of that does not hold: the general path (decodePacket, decodeBody) then takes the
 * frame and says what is wrong with it. The values are those of the general path (a unit test
 * compares the two on random frames).
 */
export function readLocationReport(frame: Buffer, edition: Edition, version: number, phone: string): FastReport | null {
  const n = frame.length;
  if (n < 2 || frame[0] !== 0x02 || frame[1] !== 0x00 || frame.indexOf(ESC) >= 0) return null;
  const hl = edition === 2019 ? 17 : 12;
  if (n < hl + 28 + 1) return null;
  const props = (frame[2] << 8) | frame[3];
  if (props & (SPLIT_OR_ENCRYPTED | RESERVED_BIT)) return null;
  if ((props & VERSION_BIT ? 2019 : 2013) !== edition) return null;
  if (n !== hl + (props & 0x3ff) + 1) return null;
  if (edition === 2019 ? frame[4] !== version || !bcdEquals(frame, 5, 10, phone) : !bcdEquals(frame, 4, 6, phone)) return null;
  if (checksum(frame, 0, n - 1) !== frame[n - 1]) return null;
  const b = hl;
  const t = b + 22;
  const y = bcd2(frame[t]);
  const mo = bcd2(frame[t + 1]);
  const d = bcd2(frame[t + 2]);
  const h = bcd2(frame[t + 3]);
  const mi = bcd2(frame[t + 4]);
  const s = bcd2(frame[t + 5]);
  if ((y | mo | d | h | mi | s) < 0) return null;
  let odometer: number | null = null;
  let fuel: number | null = null;
  const end = n - 1;
  let i = b + 28;
  while (end - i >= 2) {
    const id = frame[i];
    const len = frame[i + 1];
    i += 2;
    if (len > end - i) break;
    if (id === 0x01 && len === 4) odometer = frame.readUInt32BE(i);
    else if (id === 0x02 && len === 2) fuel = frame.readUInt16BE(i);
    i += len;
  }
  return {
    serial: frame.readUInt16BE(hl - 2),
    alarm: frame.readUInt32BE(b),
    status: frame.readUInt32BE(b + 4),
    latE6: frame.readUInt32BE(b + 8),
    lonE6: frame.readUInt32BE(b + 12),
    altitude: frame.readUInt16BE(b + 16),
    speed: frame.readUInt16BE(b + 18),
    direction: frame.readUInt16BE(b + 20),
    gpsTimeMs: gpsTimeMs(y, mo, d, h, mi, s),
    odometer,
    fuel,
  };
}
