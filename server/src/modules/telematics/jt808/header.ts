import { ByteReader, ByteWriter, Jt808DecodeError } from './bytes';

export type Edition = 2013 | 2019;

export interface SplitInfo {
  total: number;
  /** 1-based. */
  index: number;
}

/** Message header; `edition` is the header layout (bit 14 of the properties). */
export interface Header {
  msgId: number;
  edition: Edition;
  /** Protocol version byte (2019 only; 1 for the 2019 standard). */
  version: number;
  /** BCD digits as on the wire (12 digits in 2013, 20 in 2019). */
  phone: string;
  serial: number;
  encryption: number;
  bodyLength: number;
  split?: SplitInfo;
  /** Bit 15 of the properties, reserved; kept so a frame re-encodes byte for byte. */
  reserved: boolean;
}

export const MAX_BODY = 0x3ff;
const SPLIT_BIT = 1 << 13;
const VERSION_BIT = 1 << 14;
const RESERVED_BIT = 1 << 15;

/** The identity of a terminal: its phone digits without the zero padding of either edition. */
export function normalizePhone(phone: string): string {
  const s = phone.replace(/^0+/, '');
  return s === '' ? '0' : s;
}

export function decodeHeader(r: ByteReader): Header {
  const msgId = r.u16();
  const props = r.u16();
  const edition: Edition = props & VERSION_BIT ? 2019 : 2013;
  const version = edition === 2019 ? r.u8() : 0;
  const phone = r.bcd(edition === 2019 ? 10 : 6);
  const serial = r.u16();
  const header: Header = {
    msgId,
    edition,
    version,
    phone,
    serial,
    encryption: (props >> 10) & 0x7,
    bodyLength: props & MAX_BODY,
    reserved: (props & RESERVED_BIT) !== 0,
  };
  if (props & SPLIT_BIT) {
    const total = r.u16();
    const index = r.u16();
    if (total < 1 || index < 1 || index > total) throw new Jt808DecodeError(`bad split ${index}/${total}`);
    header.split = { total, index };
  }
  return header;
}

export function encodeHeader(w: ByteWriter, h: Header): void {
  if (h.bodyLength > MAX_BODY) throw new RangeError(`body ${h.bodyLength} > ${MAX_BODY}: split it`);
  let props = h.bodyLength | ((h.encryption & 0x7) << 10);
  if (h.split) props |= SPLIT_BIT;
  if (h.edition === 2019) props |= VERSION_BIT;
  if (h.reserved) props |= RESERVED_BIT;
  w.u16(h.msgId).u16(props);
  if (h.edition === 2019) w.u8(h.version).bcd(normalizeForWire(h.phone, 20), 10);
  else w.bcd(normalizeForWire(h.phone, 12), 6);
  w.u16(h.serial);
  if (h.split) w.u16(h.split.total).u16(h.split.index);
}

function normalizeForWire(phone: string, digits: number): string {
  const n = normalizePhone(phone);
  if (n.length > digits) throw new RangeError(`phone ${n} longer than ${digits} digits`);
  return n;
}

export function headerLength(edition: Edition, split: boolean): number {
  return (edition === 2019 ? 17 : 12) + (split ? 4 : 0);
}
