import { ByteReader, ByteWriter, Jt808DecodeError, gbkEncode } from './bytes';
import type { Edition } from './header';
import { decodeLocation, encodeLocation, type Location } from './location';

export const MSG = {
  terminalReply: 0x0001,
  platformReply: 0x8001,
  heartbeat: 0x0002,
  unregister: 0x0003,
  register: 0x0100,
  registerReply: 0x8100,
  auth: 0x0102,
  location: 0x0200,
  batchLocation: 0x0704,
  queryLocation: 0x8201,
  queryLocationReply: 0x0201,
  tempTracking: 0x8202,
  vehicleControl: 0x8500,
  vehicleControlReply: 0x0500,
  resendRequest: 0x8003,
} as const;

export const REPLY_RESULT = { ok: 0, fail: 1, bad: 2, unsupported: 3, alarmConfirmed: 4 } as const;
export const REGISTER_RESULT = {
  ok: 0,
  vehicleRegistered: 1,
  noSuchVehicle: 2,
  terminalRegistered: 3,
  noSuchTerminal: 4,
} as const;

export interface GeneralReply { replySerial: number; replyId: number; result: number }
export interface Register {
  province: number;
  city: number;
  maker: string;
  model: string;
  terminalId: string;
  plateColor: number;
  plate: string;
}
export interface RegisterReply { replySerial: number; result: number; authCode?: string }
/** imei and softwareVersion exist in 2019 only. */
export interface Auth { authCode: string; imei?: string; softwareVersion?: string }
export interface BatchLocation { type: number; items: Location[] }
export interface LocationReply { replySerial: number; location: Location }
export interface TempTracking { interval: number; validity: number }
/** 2013: one control BYTE. 2019: typed items; door (type 1) has a BYTE param. */
export type VehicleControl =
  | { layout: 2013; flag: number }
  | { layout: 2019; items: Array<{ type: number; param: Buffer }> };
export interface ResendRequest { originalSerial: number; ids: number[] }

export type Body =
  | { kind: 'terminalReply'; body: GeneralReply }
  | { kind: 'platformReply'; body: GeneralReply }
  | { kind: 'heartbeat' }
  | { kind: 'unregister' }
  | { kind: 'register'; body: Register }
  | { kind: 'registerReply'; body: RegisterReply }
  | { kind: 'auth'; body: Auth }
  | { kind: 'location'; body: Location }
  | { kind: 'batchLocation'; body: BatchLocation }
  | { kind: 'queryLocation' }
  | { kind: 'queryLocationReply'; body: LocationReply }
  | { kind: 'tempTracking'; body: TempTracking }
  | { kind: 'vehicleControl'; body: VehicleControl }
  | { kind: 'vehicleControlReply'; body: LocationReply }
  | { kind: 'resendRequest'; body: ResendRequest }
  | { kind: 'unknown'; msgId: number; raw: Buffer };

export type BodyKind = Body['kind'];

export function msgIdOf(b: Body): number {
  return b.kind === 'unknown' ? b.msgId : MSG[b.kind];
}

const KIND_BY_ID = new Map<number, BodyKind>(
  (Object.entries(MSG) as Array<[Exclude<BodyKind, 'unknown'>, number]>).map(([k, id]) => [id, k]),
);

const STR_FIELDS_2013 = { maker: 5, model: 20, terminalId: 7 };
const STR_FIELDS_2019 = { maker: 11, model: 30, terminalId: 30 };

/** Encodes a body; `edition` is the body edition (which may differ from the header's, see profile). */
export function encodeBody(b: Body, edition: Edition): Buffer {
  const w = new ByteWriter(64);
  switch (b.kind) {
    case 'terminalReply':
    case 'platformReply':
      w.u16(b.body.replySerial).u16(b.body.replyId).u8(b.body.result);
      break;
    case 'heartbeat':
    case 'unregister':
    case 'queryLocation':
      break;
    case 'register': {
      const f = edition === 2019 ? STR_FIELDS_2019 : STR_FIELDS_2013;
      const r = b.body;
      w.u16(r.province).u16(r.city).fixedText(r.maker, f.maker).fixedText(r.model, f.model);
      w.fixedText(r.terminalId, f.terminalId).u8(r.plateColor).gbk(r.plate);
      break;
    }
    case 'registerReply':
      w.u16(b.body.replySerial).u8(b.body.result);
      if (b.body.result === REGISTER_RESULT.ok && b.body.authCode !== undefined) w.gbk(b.body.authCode);
      break;
    case 'auth':
      if (edition === 2019) {
        const code = gbkEncode(b.body.authCode);
        if (code.length > 255) throw new RangeError('auth code too long');
        w.u8(code.length).bytes(code);
        w.fixedText(b.body.imei ?? '', 15).fixedText(b.body.softwareVersion ?? '', 20);
      } else {
        w.gbk(b.body.authCode);
      }
      break;
    case 'location':
      encodeLocation(w, b.body);
      break;
    case 'batchLocation':
      w.u16(b.body.items.length).u8(b.body.type);
      for (const item of b.body.items) {
        const iw = new ByteWriter(64);
        encodeLocation(iw, item);
        w.u16(iw.length).bytes(iw.toBuffer());
      }
      break;
    case 'queryLocationReply':
    case 'vehicleControlReply':
      w.u16(b.body.replySerial);
      encodeLocation(w, b.body.location);
      break;
    case 'tempTracking':
      w.u16(b.body.interval).u32(b.body.validity);
      break;
    case 'vehicleControl':
      if (b.body.layout === 2013) w.u8(b.body.flag);
      else {
        w.u16(b.body.items.length);
        for (const it of b.body.items) w.u16(it.type).bytes(it.param);
      }
      break;
    case 'resendRequest':
      w.u16(b.body.originalSerial);
      if (edition === 2019) w.u16(b.body.ids.length);
      else w.u8(b.body.ids.length);
      for (const id of b.body.ids) w.u16(id);
      break;
    case 'unknown':
      w.bytes(b.raw);
      break;
  }
  return w.toBuffer();
}

/** Decodes a body by message id; an unknown id is returned raw, never an error. */
export function decodeBody(msgId: number, body: Buffer, edition: Edition): Body {
  const kind = KIND_BY_ID.get(msgId);
  const r = new ByteReader(body);
  switch (kind) {
    case undefined:
    case 'unknown':
      return { kind: 'unknown', msgId, raw: Buffer.from(body) };
    case 'terminalReply':
    case 'platformReply':
      return { kind, body: { replySerial: r.u16(), replyId: r.u16(), result: r.u8() } };
    case 'heartbeat':
    case 'unregister':
    case 'queryLocation':
      return { kind };
    case 'register': {
      const f = edition === 2019 ? STR_FIELDS_2019 : STR_FIELDS_2013;
      return {
        kind,
        body: {
          province: r.u16(),
          city: r.u16(),
          maker: r.fixedText(f.maker),
          model: r.fixedText(f.model),
          terminalId: r.fixedText(f.terminalId),
          plateColor: r.u8(),
          plate: r.gbk(r.remaining),
        },
      };
    }
    case 'registerReply': {
      const replySerial = r.u16();
      const result = r.u8();
      const authCode = result === REGISTER_RESULT.ok ? r.gbk(r.remaining) : undefined;
      return { kind, body: authCode === undefined ? { replySerial, result } : { replySerial, result, authCode } };
    }
    case 'auth':
      if (edition === 2019) {
        const len = r.u8();
        return { kind, body: { authCode: r.gbk(len), imei: r.fixedText(15), softwareVersion: r.fixedText(20) } };
      }
      return { kind, body: { authCode: r.gbk(r.remaining) } };
    case 'location':
      return { kind, body: decodeLocation(r) };
    case 'batchLocation': {
      const count = r.u16();
      const type = r.u8();
      const items: Location[] = [];
      for (let i = 0; i < count; i++) {
        const len = r.u16();
        items.push(decodeLocation(new ByteReader(r.bytes(len))));
      }
      return { kind, body: { type, items } };
    }
    case 'queryLocationReply':
    case 'vehicleControlReply':
      return { kind, body: { replySerial: r.u16(), location: decodeLocation(r) } };
    case 'tempTracking':
      return { kind, body: { interval: r.u16(), validity: r.u32() } };
    case 'vehicleControl':
      return { kind, body: decodeVehicleControl(r, body.length) };
    case 'resendRequest': {
      const originalSerial = r.u16();
      const count = edition === 2019 ? r.u16() : r.u8();
      const ids: number[] = [];
      for (let i = 0; i < count; i++) ids.push(r.u16());
      return { kind, body: { originalSerial, ids } };
    }
  }
}

/** The layout of 0x8500 is told by its length: one byte is the 2013 form. */
function decodeVehicleControl(r: ByteReader, length: number): VehicleControl {
  if (length === 1) return { layout: 2013, flag: r.u8() };
  const count = r.u16();
  const items: Array<{ type: number; param: Buffer }> = [];
  for (let i = 0; i < count; i++) {
    const type = r.u16();
    if (type !== 0x0001) throw new Jt808DecodeError(`control type ${type} has no known parameter size`);
    items.push({ type, param: Buffer.from(r.bytes(1)) });
  }
  return { layout: 2019, items };
}
