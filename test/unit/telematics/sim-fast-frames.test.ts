import { decodeMessage, encodeMessage, formatGpsTime, type Edition } from '../../../server/src/modules/telematics/jt808';
import { Session } from '../../../server/src/modules/telematics/gateway/session';
import { readPlatformReply, ReportEncoder, type ReportFields } from '../../../server/src/fakes/jt808-terminal/fast-frames';

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

describe('simulator fast frames', () => {
  const cases: Array<[Edition, string, ReportFields]> = [
    [2013, '14000000001', { alarm: 0, status: 0x1003, latE6: 38042800, lonE6: 114514900, altitude: 80, speed: 450, direction: 271, at: Date.UTC(2026, 10, 25, 22, 59, 7), odometer: 12345, signal: 25 }],
    // Values that put 7E and 7D on the wire (escaped), a 2019 header.
    [2019, '14000000002', { alarm: 0x7e, status: 0x7d7e, latE6: 0x7e7d7e7d, lonE6: 0x7d, altitude: 0x7e7d, speed: 0x7d, direction: 0x7e, at: Date.UTC(2026, 0, 1, 16, 0, 0), odometer: 0x7e7e7e7e, signal: 0x7d }],
  ];
  it.each(cases)('encodes 0x0200 (%s) byte for byte as encodeMessage does', (edition, phone, f) => {
    for (const serial of [0, 1, 0x7e, 0x7d7e, 0xffff]) {
      const fast = new ReportEncoder(edition, phone).encode(serial, f);
      const slow = encodeMessage({ edition, phone, serial }, {
        kind: 'location',
        body: {
          alarm: f.alarm, status: f.status, latE6: f.latE6, lonE6: f.lonE6, altitude: f.altitude, speed: f.speed, direction: f.direction,
          time: formatGpsTime(new Date(f.at)), items: [{ id: 0x01, value: u32(f.odometer) }, { id: 0x30, value: Buffer.from([f.signal]) }],
        },
      });
      expect(fast.toString('hex')).toBe(slow.toString('hex'));
    }
  });

  it('reads 0x8001 as the full decoder does, and leaves everything else to it', () => {
    for (const edition of [2013, 2019] as const) {
      for (const replySerial of [0, 5, 0x7e, 0x1234]) {
        const frame = encodeMessage({ edition, phone: '14000000003', serial: 9 }, { kind: 'platformReply', body: { replySerial, replyId: 0x0200, result: 1 } });
        const inner = frame.subarray(1, -1);
        const fast = readPlatformReply(inner);
        const full = decodeMessage(inner).message;
        if (inner.includes(0x7d)) expect(fast).toBeNull();
        else expect(fast).toEqual(full.kind === 'platformReply' ? full.body : null);
      }
    }
    const hb = encodeMessage({ edition: 2013, phone: '1', serial: 1 }, { kind: 'heartbeat' });
    expect(readPlatformReply(hb.subarray(1, -1))).toBeNull();
    const bad = Buffer.from(encodeMessage({ edition: 2013, phone: '1', serial: 1 }, { kind: 'platformReply', body: { replySerial: 1, replyId: 2, result: 0 } }).subarray(1, -1));
    bad[bad.length - 1] ^= 0xff;
    expect(readPlatformReply(bad)).toBeNull();
  });
});

describe('gateway session replies', () => {
  it('sends 0x8001 byte for byte as encodeMessage does, following edition and phone changes', () => {
    const written: Buffer[] = [];
    const socket = { writableLength: 0, write: (b: Buffer) => written.push(b), destroy: () => undefined };
    const s = new Session('c1', socket as never);
    const expected: string[] = [];
    const steps: Array<[Edition, number, string]> = [[2013, 1, '014000000001'], [2013, 1, '014000000001'], [2019, 1, '00000000014000000002'], [2019, 3, '00000000014000000002'], [2019, 0x7e, '00000000014000000002'], [2019, 0x7d, '00000000014000000002'], [2013, 1, '0140000007e7']];
    steps.forEach(([edition, version, phone], i) => {
      s.edition = edition;
      s.version = version;
      s.phone = phone.replace(/e/g, '0');
      for (const replySerial of [i, 0x7e, 0x7d7d]) {
        const serial = written.length;
        s.reply(replySerial, 0x0200, i % 3);
        expected.push(encodeMessage({ edition, phone: s.phone, serial, version }, { kind: 'platformReply', body: { replySerial, replyId: 0x0200, result: i % 3 } }).toString('hex'));
      }
    });
    expect(written.map((b) => b.toString('hex'))).toEqual(expected);
  });
});
