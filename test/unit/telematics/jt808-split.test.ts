import {
  decodePacket, decodeBody, encodeSplitMessage, encodeMessage, Reassembler, FrameSplitter, STATUS,
  encodeDoorControl, decodeDoorControl, DeviceProfiles, type Body, type Location, type DeviceProfile,
} from '../../../server/src/modules/telematics/jt808';

const loc = (i: number): Location => ({
  alarm: 0, status: STATUS.fixed, latE6: 38_000_000 + i, lonE6: 114_000_000 + i, altitude: 1, speed: i, direction: 0,
  time: '250101000000', items: [{ id: 0x01, value: Buffer.from([0, 0, 0, i & 0xff]) }],
});
const batch: Body = { kind: 'batchLocation', body: { type: 1, items: Array.from({ length: 60 }, (_, i) => loc(i)) } };
const inner = (f: Buffer) => f.subarray(1, f.length - 1);

describe.each([2013, 2019] as const)('JT/T 808 split messages (%i)', (edition) => {
  const frames = encodeSplitMessage({ edition, phone: '13800000001', serial: 0xfffe }, batch, 500);

  it('when a long body is split, then parts carry consecutive serials and index/total', () => {
    const headers = frames.map((f) => decodePacket(inner(f)).header);
    expect(headers.length).toBeGreaterThan(1);
    expect(headers.map((h) => h.serial)).toEqual(headers.map((_, i) => (0xfffe + i) & 0xffff));
    expect(headers.map((h) => h.split)).toEqual(headers.map((_, i) => ({ total: headers.length, index: i + 1 })));
  });

  it('when the parts arrive out of order, then the reassembled body decodes to the original message', () => {
    const r = new Reassembler();
    const packets = frames.map((f) => decodePacket(inner(f))).reverse();
    const results = packets.map((p) => r.add(p.header, p.body, 0));
    const whole = results[results.length - 1];
    expect(results.slice(0, -1).every((x) => x === null)).toBe(true);
    expect(whole && decodeBody(whole.msgId, whole.body, edition)).toEqual(batch);
    expect(r.size).toBe(0);
  });

  it('when a part is missing, then the idle message names exactly the missing indices, and is dropped after the asks', () => {
    const r = new Reassembler();
    frames.map((f) => decodePacket(inner(f))).filter((p) => p.header.split?.index !== 2).forEach((p) => r.add(p.header, p.body, 0));
    expect(r.takeMissing(10, 5, 2)).toEqual([{ msgId: 0x0704, firstSerial: 0xfffe, ids: [2] }]);
    expect(r.takeMissing(20, 5, 2)).toHaveLength(1);
    expect(r.takeMissing(30, 5, 2)).toEqual([]);
    expect(r.size).toBe(0);
  });

  it('when the asked-for part is resent, then the message completes', () => {
    const r = new Reassembler();
    const packets = frames.map((f) => decodePacket(inner(f)));
    packets.slice(1).forEach((p) => r.add(p.header, p.body, 0));
    const done = r.add(packets[0].header, packets[0].body, 1);
    expect(done?.body.length).toBe(packets.reduce((n, p) => n + p.body.length, 0));
  });
});

describe('JT/T 808 reassembly limits', () => {
  it('when many messages are left unfinished, then only the configured number is held', () => {
    const r = new Reassembler({ maxMessages: 3, maxParts: 256, maxBytes: 1 << 20 });
    for (let s = 0; s < 100; s++) {
      const parts = encodeSplitMessage({ edition: 2013, phone: '1', serial: s * 10 }, batch, 500);
      const p = decodePacket(inner(parts[0]));
      r.add(p.header, p.body, s);
    }
    expect(r.size).toBe(3);
  });
});

describe('device profiles and 0x8500 polarity', () => {
  const inverted: DeviceProfile = { model: 'X1', lockPolarity: 'inverted' };
  const profiles = new DeviceProfiles([inverted, { model: 'Y9', lockPolarity: 'standard', bodyEdition: 2013, controlLayout: 2013 }]);

  it.each([
    ['standard', 2013, 'lock', { layout: 2013, flag: 1 }],
    ['standard', 2013, 'unlock', { layout: 2013, flag: 0 }],
    ['standard', 2019, 'lock', { layout: 2019, items: [{ type: 1, param: Buffer.from([0]) }] }],
    ['standard', 2019, 'unlock', { layout: 2019, items: [{ type: 1, param: Buffer.from([1]) }] }],
    ['X1', 2013, 'lock', { layout: 2013, flag: 0 }],
    ['X1', 2019, 'unlock', { layout: 2019, items: [{ type: 1, param: Buffer.from([0]) }] }],
    ['Y9', 2019, 'lock', { layout: 2013, flag: 1 }],
  ] as const)('when model %s (%i) is told to %s, then the body is %j and the same profile reads it back', (model, edition, action, body) => {
    const profile = profiles.resolve(model);
    const vc = encodeDoorControl(action, profile, edition);
    expect(vc).toEqual(body);
    expect(decodeDoorControl(vc, profile)).toBe(action);
  });

  it('when a 2019-layout 0x8500 is decoded from the wire, then the door item is found', () => {
    const frame = encodeMessage({ edition: 2019, phone: '1', serial: 3 }, { kind: 'vehicleControl', body: encodeDoorControl('unlock', profiles.resolve(null), 2019) });
    const [content] = new FrameSplitter().push(frame);
    const p = decodePacket(content);
    const b = decodeBody(p.header.msgId, p.body, 2019);
    expect(b.kind === 'vehicleControl' && decodeDoorControl(b.body, profiles.resolve(null))).toBe('unlock');
  });
});
