import {
  decodeMessage, encodeMessage, escapeFrame, unescape, FrameSplitter, MSG, STATUS, ALARM,
  latitudeOf, longitudeOf, readKnownItems, parseGpsTime, encodeDoorControl, STANDARD_PROFILE,
  type Body, type Edition, type Location,
} from '../../../server/src/modules/telematics/jt808';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
/** The escaped content between the two flags of one wire frame. */
const inner = (frame: Buffer) => frame.subarray(1, frame.length - 1);

const PUBLISHED = {
  location2013: hex(`7E0200002612345678901200 7D02 00000001 00000002 00BA7F0E 07E4F11C 0028 003C 0000 181015101010
    01 04 00000064 02 02 00 7D01 13 7E`),
  heartbeat2013: hex('7e000200001234567890120001897e'),
  heartbeat2019: hex('7e000240000112345678901234567890ffff437e'),
  register2013: hex('7e0100002e0123456789017fff001f00730000000034000000000000000000000042534a2d47462d30367465737431323301b2e241383838383838157e'),
  reply2013: hex('7e800100051234567890120001007b01c803be7e'),
  reply2019: hex('7e800140050112345678901234567890ffff007b01c803747e'),
  unlock2013: hex('7E85000001013912345678000100B57E'),
  lock2013: hex('7E85000001013912345678000101B47E'),
  open2019: hex('7E85004005010000000001391234567800010001000101F17E'),
};

describe('JT/T 808 escaping', () => {
  it('when the standard example content is escaped, then the wire bytes match the standard', () => {
    expect(escapeFrame(hex('307E087D55')).toString('hex')).toBe('307d02087d0155'.replace(/^/, '7e') + '7e');
  });

  it('when 7D 01 02 is unescaped, then it gives 7D 02 and not 7E', () => {
    expect(unescape(hex('7D0102')).toString('hex')).toBe('7d02');
  });

  it('when 7D is followed by anything but 01 or 02, then unescaping fails', () => {
    expect(() => unescape(hex('307D03'))).toThrow(/bad escape/);
    expect(() => unescape(hex('307D'))).toThrow(/bad escape/);
  });
});

describe('JT/T 808 published frames', () => {
  it('when the 2013 location report is decoded, then every field matches the reference', () => {
    const { header, message } = decodeMessage(inner(PUBLISHED.location2013));
    expect(header).toMatchObject({ msgId: 0x0200, edition: 2013, phone: '123456789012', serial: 0x007e, bodyLength: 0x26 });
    if (message.kind !== 'location') throw new Error(message.kind);
    const loc = message.body;
    expect(loc.alarm & ALARM.sos).toBeTruthy();
    expect(loc.status & STATUS.fixed).toBeTruthy();
    expect(latitudeOf(loc)).toBeCloseTo(12.222222, 6);
    expect(longitudeOf(loc)).toBeCloseTo(132.444444, 6);
    expect([loc.altitude, loc.speed, loc.direction]).toEqual([40, 60, 0]);
    expect(parseGpsTime(loc.time)?.toISOString()).toBe('2018-10-15T02:10:10.000Z');
    expect(readKnownItems(loc.items)).toEqual({ odometer: 100, fuel: 0x7d });
  });

  it.each(Object.entries(PUBLISHED))('when the published frame %s is decoded and encoded again, then the bytes are identical', (_name, frame) => {
    const { header, message } = decodeMessage(inner(frame));
    const again = encodeMessage({ edition: header.edition, phone: header.phone, serial: header.serial, version: header.version }, message);
    expect(again.toString('hex')).toBe(frame.toString('hex').toLowerCase());
  });

  it('when the 2013 register frame is decoded, then the text fields lose their NUL padding', () => {
    const { message } = decodeMessage(inner(PUBLISHED.register2013));
    expect(message).toEqual({
      kind: 'register',
      body: { province: 0x1f, city: 0x73, maker: '4', model: 'BSJ-GF-06', terminalId: 'test123', plateColor: 1, plate: '测A888888' },
    });
  });

  it('when the 2019 general reply is decoded, then phone, version and reply fields match', () => {
    const { header, message } = decodeMessage(inner(PUBLISHED.reply2019));
    expect(header).toMatchObject({ edition: 2019, version: 1, phone: '12345678901234567890', serial: 0xffff });
    expect(message).toEqual({ kind: 'platformReply', body: { replySerial: 0x7b, replyId: 0x01c8, result: 3 } });
  });

  it('when lock and unlock are encoded with the standard profile, then they equal the published 0x8500 frames', () => {
    const a2013 = { edition: 2013 as Edition, phone: '013912345678', serial: 1 };
    const a2019 = { edition: 2019 as Edition, phone: '013912345678', serial: 1 };
    const ctl = (action: 'lock' | 'unlock', e: Edition): Body => ({ kind: 'vehicleControl', body: encodeDoorControl(action, STANDARD_PROFILE, e) });
    expect(encodeMessage(a2013, ctl('unlock', 2013))).toEqual(PUBLISHED.unlock2013);
    expect(encodeMessage(a2013, ctl('lock', 2013))).toEqual(PUBLISHED.lock2013);
    expect(encodeMessage(a2019, ctl('unlock', 2019))).toEqual(PUBLISHED.open2019);
  });
});

const LOC: Location = {
  alarm: ALARM.overspeed, status: STATUS.acc | STATUS.fixed | STATUS.doorLocked, latE6: 38_042_000, lonE6: 114_514_000,
  altitude: 80, speed: 452, direction: 90, time: '250301083000', items: [{ id: 0x01, value: hex('00000064') }, { id: 0xe3, value: hex('aabb') }],
};
const LOC_HEX = '00000002 00001003 02447990 06d35850 0050 01c4 005a 250301083000 0104 00000064 e302aabb';

/** Our own golden bodies: every message of the reference, both editions where the body differs. */
const OWN: Array<[string, Edition, Body, string]> = [
  ['0x0001', 2013, { kind: 'terminalReply', body: { replySerial: 0x0102, replyId: 0x8500, result: 0 } }, '0102850000'],
  ['0x8001', 2019, { kind: 'platformReply', body: { replySerial: 7, replyId: 0x0002, result: 4 } }, '0007000204'],
  ['0x0002', 2019, { kind: 'heartbeat' }, ''],
  ['0x0003', 2013, { kind: 'unregister' }, ''],
  ['0x0100', 2013, { kind: 'register', body: { province: 13, city: 100, maker: 'AB', model: 'M1', terminalId: 'T1', plateColor: 2, plate: '冀A1' } },
    '000d 0064 000000 4142 ' + '00'.repeat(18) + '4d31 ' + '0000000000 5431 02 bcbd4131'],
  ['0x0100', 2019, { kind: 'register', body: { province: 13, city: 100, maker: 'AB', model: 'M1', terminalId: 'T1', plateColor: 2, plate: '冀A1' } },
    '000d 0064 ' + '00'.repeat(9) + '4142 ' + '00'.repeat(28) + '4d31 ' + '00'.repeat(28) + '5431 02 bcbd4131'],
  ['0x8100', 2013, { kind: 'registerReply', body: { replySerial: 5, result: 0, authCode: 'AUTH1' } }, '0005 00 4155544831'],
  ['0x8100', 2019, { kind: 'registerReply', body: { replySerial: 5, result: 4 } }, '0005 04'],
  ['0x0102', 2013, { kind: 'auth', body: { authCode: 'AUTH1' } }, '4155544831'],
  ['0x0102', 2019, { kind: 'auth', body: { authCode: 'AUTH1', imei: '86', softwareVersion: 'v1' } },
    '05 4155544831 ' + '00'.repeat(13) + '3836 ' + '00'.repeat(18) + '7631'],
  ['0x0200', 2013, { kind: 'location', body: LOC }, LOC_HEX],
  ['0x0704', 2019, { kind: 'batchLocation', body: { type: 1, items: [LOC, LOC] } }, `0002 01 0026 ${LOC_HEX} 0026 ${LOC_HEX}`],
  ['0x8201', 2013, { kind: 'queryLocation' }, ''],
  ['0x0201', 2013, { kind: 'queryLocationReply', body: { replySerial: 9, location: LOC } }, `0009 ${LOC_HEX}`],
  ['0x8202', 2019, { kind: 'tempTracking', body: { interval: 10, validity: 3600 } }, '000a 00000e10'],
  ['0x8500', 2013, { kind: 'vehicleControl', body: { layout: 2013, flag: 1 } }, '01'],
  ['0x8500', 2019, { kind: 'vehicleControl', body: { layout: 2019, items: [{ type: 1, param: hex('00') }] } }, '0001 0001 00'],
  ['0x0500', 2019, { kind: 'vehicleControlReply', body: { replySerial: 1, location: LOC } }, `0001 ${LOC_HEX}`],
  ['0x8003', 2013, { kind: 'resendRequest', body: { originalSerial: 0x10, ids: [2, 4] } }, '0010 02 0002 0004'],
  ['0x8003', 2019, { kind: 'resendRequest', body: { originalSerial: 0x10, ids: [2, 4] } }, '0010 0002 0002 0004'],
  ['unknown 0x0f01', 2013, { kind: 'unknown', msgId: 0x0f01, raw: hex('0102') }, '0102'],
];

describe('JT/T 808 messages both ways', () => {
  it.each(OWN)('when %s (%i) is encoded, then the body is the expected bytes and decodes back to the same message', (_n, edition, msg, bodyHex) => {
    const frame = encodeMessage({ edition, phone: '13912345678', serial: 42 }, msg);
    const headerLen = edition === 2019 ? 17 : 12;
    const opened = unescape(inner(frame));
    expect(opened.subarray(headerLen, opened.length - 1).toString('hex')).toBe(bodyHex.replace(/\s+/g, ''));
    const { header, message } = decodeMessage(inner(frame));
    expect(header).toMatchObject({ edition, serial: 42 });
    expect(message).toEqual(msg);
  });

  it('when a report carries an unknown TLV and a truncated one, then both are kept raw and it re-encodes identically', () => {
    const body: Body = { kind: 'location', body: { ...LOC, items: [{ id: 0xf7, value: hex('010203') }], trailing: hex('3005ff') } };
    const frame = encodeMessage({ edition: 2013, phone: '1', serial: 1 }, body);
    const { message } = decodeMessage(inner(frame));
    expect(message).toEqual(body);
  });
});

describe('JT/T 808 stream framing', () => {
  const frames = [PUBLISHED.location2013, PUBLISHED.heartbeat2013, PUBLISHED.register2013, PUBLISHED.heartbeat2019];
  const stream = Buffer.concat(frames);
  const expected = frames.map((f) => inner(f).toString('hex'));

  it('when the stream is cut at every byte position, then the same frames come out', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const s = new FrameSplitter();
      const out = [...s.push(stream.subarray(0, cut)), ...s.push(stream.subarray(cut))];
      expect(out.map((b) => b.toString('hex'))).toEqual(expected);
    }
  });

  it('when the stream arrives one byte at a time, then the same frames come out', () => {
    const s = new FrameSplitter();
    const out: Buffer[] = [];
    for (const b of stream) out.push(...s.push(Buffer.from([b])));
    expect(out.map((b) => b.toString('hex'))).toEqual(expected);
  });

  it('when frames share one flag and garbage precedes them, then every frame is found and the garbage counted', () => {
    const shared = Buffer.concat([hex('deadbeef'), PUBLISHED.heartbeat2013, PUBLISHED.heartbeat2019.subarray(1)]);
    const s = new FrameSplitter();
    expect(s.push(shared).map((b) => decodeMessage(b).header.msgId)).toEqual([MSG.heartbeat, MSG.heartbeat]);
    expect(s.dropped).toBe(4);
  });

  it('when a frame is longer than the limit, then it is dropped and the next frame still parses', () => {
    const s = new FrameSplitter(64);
    const out = s.push(Buffer.concat([hex('7e'), Buffer.alloc(500, 1), PUBLISHED.heartbeat2013]));
    expect(out.map((b) => b.toString('hex'))).toEqual([inner(PUBLISHED.heartbeat2013).toString('hex')]);
  });
});
