import * as iconv from 'iconv-lite';

/** Raised for any malformed input; the gateway counts it and answers or drops, never crashes. */
export class Jt808DecodeError extends Error {
  constructor(message: string) {
    // Hostile input raises these by the thousand: no stack trace, it names no bug of ours.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'Jt808DecodeError';
  }
}

/** Bounds-checked big-endian reader: every read past the end throws Jt808DecodeError. */
export class ByteReader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}

  get offset(): number {
    return this.pos;
  }
  get remaining(): number {
    return this.buf.length - this.pos;
  }
  private need(n: number): void {
    if (n < 0 || this.pos + n > this.buf.length) {
      throw new Jt808DecodeError(`need ${n} bytes at ${this.pos}, have ${this.remaining}`);
    }
  }
  u8(): number {
    this.need(1);
    return this.buf[this.pos++];
  }
  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  rest(): Buffer {
    return this.bytes(this.remaining);
  }
  bcd(n: number): string {
    return decodeBcd(this.bytes(n));
  }
  /** A fixed-size text field: NUL padding stripped at both ends (devices pad on either side). */
  fixedText(n: number): string {
    return stripNul(gbkDecode(this.bytes(n)));
  }
  gbk(n: number): string {
    return gbkDecode(this.bytes(n));
  }
}

/** Growable big-endian writer. */
export class ByteWriter {
  private buf: Buffer;
  private pos = 0;
  constructor(size = 64) {
    this.buf = Buffer.allocUnsafe(size);
  }
  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
  u8(v: number): this {
    this.ensure(1);
    this.buf[this.pos++] = v & 0xff;
    return this;
  }
  u16(v: number): this {
    this.ensure(2);
    this.buf.writeUInt16BE(v & 0xffff, this.pos);
    this.pos += 2;
    return this;
  }
  u32(v: number): this {
    this.ensure(4);
    this.buf.writeUInt32BE(v >>> 0, this.pos);
    this.pos += 4;
    return this;
  }
  bytes(b: Buffer): this {
    this.ensure(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
    return this;
  }
  bcd(digits: string, n: number): this {
    return this.bytes(encodeBcd(digits, n));
  }
  /**
   * A fixed-size text field, NUL-padded on the left: the published register frame of the reference
   * pads this way, and decoders (ours included) strip NULs on both sides.
   */
  fixedText(text: string, n: number): this {
    const raw = gbkEncode(text);
    const out = Buffer.alloc(n, 0);
    const used = raw.subarray(0, n);
    used.copy(out, n - used.length);
    return this.bytes(out);
  }
  gbk(text: string): this {
    return this.bytes(gbkEncode(text));
  }
  get length(): number {
    return this.pos;
  }
  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}

export function gbkDecode(b: Buffer): string {
  return iconv.decode(b, 'gbk');
}
export function gbkEncode(s: string): Buffer {
  return iconv.encode(s, 'gbk');
}
function stripNul(s: string): string {
  return s.replace(/^\0+|\0+$/g, '');
}

/** BCD 8421: two decimal digits per byte, high nibble first. Non-decimal nibbles are rejected. */
export function decodeBcd(b: Buffer): string {
  let s = '';
  for (const byte of b) {
    const hi = byte >> 4;
    const lo = byte & 0x0f;
    if (hi > 9 || lo > 9) throw new Jt808DecodeError(`bad BCD byte 0x${byte.toString(16)}`);
    s += String.fromCharCode(48 + hi, 48 + lo);
  }
  return s;
}

/** Left-pads with zeros to 2n digits; keeps the rightmost 2n digits if longer. */
export function encodeBcd(digits: string, n: number): Buffer {
  if (!/^\d*$/.test(digits)) throw new RangeError(`not decimal digits: ${digits}`);
  const padded = digits.padStart(n * 2, '0').slice(-n * 2);
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    out[i] = ((padded.charCodeAt(2 * i) - 48) << 4) | (padded.charCodeAt(2 * i + 1) - 48);
  }
  return out;
}
