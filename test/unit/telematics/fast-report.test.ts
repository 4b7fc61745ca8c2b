import {
  decodeBody, decodePacket, encodeMessage, normalizePhone, readLocationReport, type Edition, type Location,
} from '../../../server/src/modules/telematics/jt808';
import { toRecord } from '../../../server/src/modules/telematics/gateway/position-mapping';
import { remutate } from './fuzz-frames';

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const now = new Date(Date.UTC(2026, 10, 26, 1, 2, 3, 456));

/** What the general path makes of an escaped frame's inner bytes, or null if it refuses them. */
function general(inner: Buffer) {
  try {
    const { header, body } = decodePacket(inner);
    if (header.split || header.encryption || header.msgId !== 0x0200) return null;
    const b = decodeBody(0x0200, body, header.edition);
    if (b.kind !== 'location') return null;
    const info = { vehicleId: 7, phone: normalizePhone(header.phone), plate: 'x', unitId: 1, deviceModel: null };
    return { header, record: toRecord(info, b.body, now, 'report') };
  } catch {
    return null;
  }
}

/** The fast path's report as the gateway turns it into a record (gateway.server storeReport). */
function fastRecord(inner: Buffer, edition: Edition, version: number, phone: string) {
  const r = readLocationReport(inner, edition, version, phone);
  if (!r) return null;
  return {
    serial: r.serial,
    record: {
      vehicleId: 7, phone: normalizePhone(phone), gpsTime: r.gpsTimeMs === null ? now : new Date(r.gpsTimeMs), receivedAt: now,
      latE6: r.status & 4 ? -r.latE6 : r.latE6, lonE6: r.status & 8 ? -r.lonE6 : r.lonE6, altitude: r.altitude, speed: r.speed,
      direction: r.direction, alarm: r.alarm, status: r.status, odometer: r.odometer, fuel: r.fuel, source: 'report',
    },
  };
}

function randomLocation(next: () => number): Location {
  const u32 = () => Math.floor(next() * 2 ** 32);
  const u16 = () => Math.floor(next() * 2 ** 16);
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
  const items = Array.from({ length: Math.floor(next() * 4) }, () => {
    const id = pick([0x01, 0x01, 0x02, 0x30, 0x31, 0xe1]);
    const len = pick([0, 1, 2, 4, 4, 5]);
    return { id, value: Buffer.from(Array.from({ length: len }, () => pick([0x00, 0x7d, 0x7e, 0x12, 0xff]))) };
  });
  const two = (max: number) => String(Math.floor(next() * max)).padStart(2, '0');
  return {
    alarm: pick([0, 1, u32()]), status: pick([0x1003, 0x100f, u32()]), latE6: pick([38_042_800, u32()]), lonE6: pick([114_514_900, u32()]),
    altitude: u16(), speed: u16(), direction: pick([0, 359, u16()]),
    // Sometimes a date that does not exist (31 February) or hours past 23.
    time: `${two(100)}${two(13)}${two(32)}${two(25)}${two(60)}${two(60)}`,
    items,
  };
}

describe('fast 0x0200 reading (gateway hot path)', () => {
  it('reads what the general decoder reads, on random reports of both editions, or leaves the frame to it', () => {
    const next = rng(808);
    let fast = 0;
    for (let i = 0; i < 3000; i++) {
      const edition: Edition = next() < 0.5 ? 2013 : 2019;
      const phone = String(13_000_000_000 + Math.floor(next() * 999_999_999));
      const serial = Math.floor(next() * 0x10000);
      const frame = encodeMessage({ edition, phone, serial }, { kind: 'location', body: randomLocation(next) });
      const inner = frame.subarray(1, frame.length - 1);
      const g = general(inner);
      expect(g).not.toBeNull();
      const f = fastRecord(inner, edition, 1, g!.header.phone);
      if (inner.includes(0x7d)) {
        expect(f).toBeNull();
        continue;
      }
      expect(f).not.toBeNull();
      fast++;
      expect(f!.serial).toBe(g!.header.serial);
      expect(f!.record).toEqual(g!.record);
      // Another terminal's phone, edition or version on this connection: the general path decides.
      expect(readLocationReport(inner, edition === 2013 ? 2019 : 2013, 1, g!.header.phone)).toBeNull();
      expect(readLocationReport(inner, edition, 1, g!.header.phone.replace(/.$/, (d) => String((Number(d) + 1) % 10)))).toBeNull();
      if (edition === 2019) expect(readLocationReport(inner, edition, 2, g!.header.phone)).toBeNull();
    }
    expect(fast).toBeGreaterThan(300);
  });

  it('never accepts a damaged frame the general decoder refuses, and agrees with it on the ones both accept', () => {
    const next = rng(7611);
    let agreed = 0;
    for (let i = 0; i < 5000; i++) {
      const edition: Edition = next() < 0.5 ? 2013 : 2019;
      const seed = encodeMessage({ edition, phone: '13900000001', serial: 5 }, { kind: 'location', body: randomLocation(next) });
      const edits = Array.from({ length: 1 + Math.floor(next() * 3) }, () => [Math.floor(next() * 80), Math.floor(next() * 256)] as [number, number]);
      const frame = next() < 0.5 ? remutate(seed, edits, Math.floor(next() * 8)) : Buffer.from(seed);
      if (next() < 0.2) frame[1 + Math.floor(next() * (frame.length - 2))] ^= 1 << Math.floor(next() * 8);
      const inner = frame.subarray(1, frame.length - 1);
      const phone = edition === 2019 ? '00000000013900000001' : '013900000001';
      const f = fastRecord(inner, edition, 1, phone);
      if (!f) continue;
      const g = general(inner);
      expect(g).not.toBeNull();
      expect(g!.header.phone).toBe(phone);
      expect(f.serial).toBe(g!.header.serial);
      expect(f.record).toEqual(g!.record);
      agreed++;
    }
    expect(agreed).toBeGreaterThan(200);
  });
});
