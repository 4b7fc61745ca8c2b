import {
  buildFrame, encodeMessage, unescape, type Body,
} from '../../../server/src/modules/telematics/jt808';

/** Valid frames of every kind, the seeds that mutations start from. */
export function seedFrames(): Buffer[] {
  const loc = { alarm: 3, status: 0x1003, latE6: 38e6, lonE6: 114e6, altitude: 1, speed: 2, direction: 3, time: '250101010101', items: [{ id: 1, value: Buffer.from([0, 0, 0, 9]) }] };
  const bodies: Body[] = [
    { kind: 'heartbeat' }, { kind: 'location', body: loc }, { kind: 'batchLocation', body: { type: 1, items: [loc, loc] } },
    { kind: 'register', body: { province: 1, city: 2, maker: 'M', model: 'X', terminalId: 'T', plateColor: 1, plate: '冀A1' } },
    { kind: 'auth', body: { authCode: 'abc', imei: '1', softwareVersion: 'v' } },
    { kind: 'terminalReply', body: { replySerial: 1, replyId: 0x8500, result: 0 } },
    { kind: 'vehicleControlReply', body: { replySerial: 1, location: loc } },
    { kind: 'vehicleControl', body: { layout: 2019, items: [{ type: 1, param: Buffer.from([1]) }] } },
    { kind: 'resendRequest', body: { originalSerial: 1, ids: [1, 2] } },
  ];
  return bodies.flatMap((b) => [2013, 2019].map((e) => encodeMessage({ edition: e as 2013 | 2019, phone: '13900000001', serial: 7 }, b)));
}

/** A mutation that keeps the checksum right, so the damage reaches the header and body parsers. */
export function remutate(frame: Buffer, edits: Array<[number, number]>, cut: number): Buffer {
  const content = Buffer.from(unescape(frame.subarray(1, frame.length - 1)));
  const inner = content.subarray(0, content.length - 1);
  for (const [pos, val] of edits) inner[pos % inner.length] = val;
  return buildFrame(inner.subarray(0, Math.max(1, inner.length - (cut % 8))));
}
