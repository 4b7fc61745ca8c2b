import { Jt808DecodeError } from './bytes';

/** Framing of JT/T 808 (both editions): 0x7E | escaped(header body checksum) | 0x7E. */
export const FLAG = 0x7e;
const ESC = 0x7d;

/** XOR of every byte in [start, end). */
export function checksum(buf: Buffer, start = 0, end = buf.length): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= buf[i];
  return x;
}

/** Escapes content (header + body + checksum) and wraps it in flags. */
export function escapeFrame(content: Buffer): Buffer {
  const n = content.length;
  let extra = 0;
  for (let i = 0; i < n; i++) if (content[i] === FLAG || content[i] === ESC) extra++;
  const out = Buffer.allocUnsafe(n + extra + 2);
  out[0] = FLAG;
  out[out.length - 1] = FLAG;
  // Most frames have nothing to escape: one copy.
  if (extra === 0) {
    content.copy(out, 1);
    return out;
  }
  let j = 1;
  for (let i = 0; i < n; i++) {
    const b = content[i];
    if (b === FLAG) {
      out[j++] = ESC;
      out[j++] = 0x02;
    } else if (b === ESC) {
      out[j++] = ESC;
      out[j++] = 0x01;
    } else {
      out[j++] = b;
    }
  }
  return out;
}

/**
 * Reverses escaping in one pass: a state machine, because replacing `7D 02` then `7D 01` as strings
 * turns the content `7D 02` (sent as `7D 01 02`) into `7E`. Anything but 01/02 after 7D is an error.
 */
export function unescape(escaped: Buffer): Buffer {
  // Nothing escaped (most frames): the bytes as they are, not a copy.
  if (escaped.indexOf(ESC) < 0) return escaped;
  const out = Buffer.allocUnsafe(escaped.length);
  let j = 0;
  for (let i = 0; i < escaped.length; i++) {
    const b = escaped[i];
    if (b !== ESC) {
      out[j++] = b;
      continue;
    }
    const next = escaped[++i];
    if (next === 0x01) out[j++] = ESC;
    else if (next === 0x02) out[j++] = FLAG;
    else throw new Jt808DecodeError(`bad escape 7D ${next === undefined ? 'EOF' : next.toString(16)}`);
  }
  return out.subarray(0, j);
}

/** Appends the checksum to content and escapes: the send path. */
export function buildFrame(headerAndBody: Buffer): Buffer {
  const content = Buffer.allocUnsafe(headerAndBody.length + 1);
  headerAndBody.copy(content);
  content[headerAndBody.length] = checksum(headerAndBody);
  return escapeFrame(content);
}

/** Unescapes and verifies a frame's inner bytes (flags excluded); returns header + body. */
export function openFrame(escapedInner: Buffer): Buffer {
  const content = unescape(escapedInner);
  if (content.length < 13) throw new Jt808DecodeError(`frame too short: ${content.length}`);
  const sum = checksum(content, 0, content.length - 1);
  if (sum !== content[content.length - 1]) {
    throw new Jt808DecodeError(`checksum ${sum.toString(16)} != ${content[content.length - 1].toString(16)}`);
  }
  return content.subarray(0, content.length - 1);
}

/**
 * Cuts a TCP byte stream into escaped frame contents. One read may hold half a frame or several.
 * Bytes outside flags are discarded; a frame longer than `maxFrame` is dropped whole (and the
 * buffer never grows beyond it), so garbage cannot make memory grow without bound.
 */
export class FrameSplitter {
  private pending: Buffer | null = null;
  private inFrame = false;
  private overflow = false;
  /** Bytes dropped since creation (garbage between frames, oversized frames). */
  dropped = 0;

  constructor(private readonly maxFrame = 4096) {}

  push(chunk: Buffer): Buffer[] {
    const frames: Buffer[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      const flag = chunk.indexOf(FLAG, pos);
      if (!this.inFrame) {
        if (flag < 0) {
          this.dropped += chunk.length - pos;
          return frames;
        }
        this.dropped += flag - pos;
        this.inFrame = true;
        this.pending = null;
        this.overflow = false;
        pos = flag + 1;
        continue;
      }
      const end = flag < 0 ? chunk.length : flag;
      this.append(chunk.subarray(pos, end));
      if (flag < 0) return frames;
      pos = flag + 1;
      const body = this.pending;
      const over = this.overflow;
      this.pending = null;
      this.overflow = false;
      if (over) continue;
      // Empty content (7E 7E): the closing flag of one frame was the opening flag of the next,
      // or a resync after garbage; stay inside a frame.
      if (body && body.length > 0) frames.push(body);
    }
    return frames;
  }

  private append(part: Buffer): void {
    if (part.length === 0 || this.overflow) {
      if (this.overflow) this.dropped += part.length;
      return;
    }
    const size = (this.pending?.length ?? 0) + part.length;
    if (size > this.maxFrame) {
      this.dropped += size;
      this.pending = null;
      this.overflow = true;
      return;
    }
    this.pending = this.pending ? Buffer.concat([this.pending, part]) : Buffer.from(part);
  }
}
