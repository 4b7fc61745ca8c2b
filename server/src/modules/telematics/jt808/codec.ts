import { ByteReader, ByteWriter, Jt808DecodeError } from './bytes';
import { buildFrame, openFrame } from './frame';
import { decodeHeader, encodeHeader, MAX_BODY, type Edition, type Header } from './header';
import { decodeBody, encodeBody, msgIdOf, type Body } from './messages';

/** A frame opened and its header parsed; the body is still bytes. */
export interface Packet {
  header: Header;
  body: Buffer;
}

/** Opens one escaped frame content (flags excluded): unescape, checksum, header, length check. */
export function decodePacket(escapedInner: Buffer): Packet {
  const content = openFrame(escapedInner);
  const r = new ByteReader(content);
  const header = decodeHeader(r);
  if (r.remaining !== header.bodyLength) {
    throw new Jt808DecodeError(`body length ${r.remaining} != declared ${header.bodyLength}`);
  }
  return { header, body: Buffer.from(r.rest()) };
}

export interface Addressing {
  edition: Edition;
  phone: string;
  serial: number;
  /** 2019 protocol version byte; 1 unless a device says otherwise. */
  version?: number;
}

/** One frame for a raw body that fits (≤ 1023 bytes). */
export function encodePacket(a: Addressing, msgId: number, body: Buffer, split?: Header['split']): Buffer {
  const header: Header = {
    msgId,
    edition: a.edition,
    version: a.version ?? 1,
    phone: a.phone,
    serial: a.serial & 0xffff,
    encryption: 0,
    bodyLength: body.length,
    reserved: false,
  };
  if (split) header.split = split;
  const w = new ByteWriter(body.length + 24);
  encodeHeader(w, header);
  w.bytes(body);
  return buildFrame(w.toBuffer());
}

/** Encodes a message as one frame; `bodyEdition` defaults to the header edition. */
export function encodeMessage(a: Addressing, msg: Body, bodyEdition: Edition = a.edition): Buffer {
  return encodePacket(a, msgIdOf(msg), encodeBody(msg, bodyEdition));
}

/**
 * Encodes a message in parts of at most `partSize` body bytes, with consecutive serials from
 * `a.serial` (the standard asks for consecutive serials so 0x8003 can name the first one).
 */
export function encodeSplitMessage(a: Addressing, msg: Body, partSize = MAX_BODY, bodyEdition = a.edition): Buffer[] {
  const body = encodeBody(msg, bodyEdition);
  if (partSize < 1 || partSize > MAX_BODY) throw new RangeError(`part size ${partSize}`);
  const total = Math.max(1, Math.ceil(body.length / partSize));
  if (total === 1 && body.length <= MAX_BODY) return [encodePacket(a, msgIdOf(msg), body)];
  const frames: Buffer[] = [];
  for (let i = 0; i < total; i++) {
    const part = body.subarray(i * partSize, (i + 1) * partSize);
    frames.push(encodePacket({ ...a, serial: a.serial + i }, msgIdOf(msg), part, { total, index: i + 1 }));
  }
  return frames;
}

/** Full decode of a frame that is not split. */
export function decodeMessage(escapedInner: Buffer, bodyEdition?: Edition): { header: Header; message: Body } {
  const { header, body } = decodePacket(escapedInner);
  if (header.split) throw new Jt808DecodeError('split part: reassemble first');
  return { header, message: decodeBody(header.msgId, body, bodyEdition ?? header.edition) };
}
