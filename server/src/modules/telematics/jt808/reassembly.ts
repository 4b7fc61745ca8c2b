import type { Header } from './header';

/** A whole body rebuilt from its parts. */
export interface Reassembled {
  msgId: number;
  firstSerial: number;
  body: Buffer;
}

/** Parts still missing for one message after a wait: the content of a 0x8003. */
export interface MissingParts {
  msgId: number;
  firstSerial: number;
  /** 1-based part indices. */
  ids: number[];
}

interface Pending {
  msgId: number;
  firstSerial: number;
  total: number;
  parts: Array<Buffer | undefined>;
  received: number;
  bytes: number;
  startedAt: number;
  lastAt: number;
  asked: number;
}

export interface ReassemblerLimits {
  /** Messages being rebuilt at once per terminal; the oldest is dropped past it. */
  maxMessages: number;
  /** Parts per message; more is refused (a WORD allows 65535). */
  maxParts: number;
  /** Bytes held per terminal. */
  maxBytes: number;
}

const DEFAULT_LIMITS: ReassemblerLimits = { maxMessages: 4, maxParts: 256, maxBytes: 256 * 1024 };

/**
 * Rebuilds split messages for one terminal. Parts carry consecutive serials, so a message is keyed
 * by its id and the serial of part 1 (serial − index + 1). Memory is bounded by the limits.
 */
export class Reassembler {
  private readonly pending = new Map<string, Pending>();
  private held = 0;
  constructor(private readonly limits: ReassemblerLimits = DEFAULT_LIMITS) {}

  /** Adds a part; returns the whole body when the last missing part arrives. */
  add(header: Header, body: Buffer, now: number): Reassembled | null {
    const split = header.split;
    if (!split) return { msgId: header.msgId, firstSerial: header.serial, body };
    if (split.total > this.limits.maxParts) return null;
    const firstSerial = (header.serial - split.index + 1 + 0x10000) & 0xffff;
    const key = `${header.msgId}:${firstSerial}:${split.total}`;
    let p = this.pending.get(key);
    if (!p) {
      this.evictFor(body.length);
      p = {
        msgId: header.msgId, firstSerial, total: split.total, parts: new Array(split.total),
        received: 0, bytes: 0, startedAt: now, lastAt: now, asked: 0,
      };
      this.pending.set(key, p);
    }
    p.lastAt = now;
    if (p.parts[split.index - 1] === undefined) {
      if (this.held + body.length > this.limits.maxBytes) this.evictFor(body.length, key);
      p.parts[split.index - 1] = body;
      p.received++;
      p.bytes += body.length;
      this.held += body.length;
    }
    if (p.received < p.total) return null;
    this.drop(key);
    return { msgId: p.msgId, firstSerial, body: Buffer.concat(p.parts as Buffer[]) };
  }

  /** Messages idle for `idleMs`, with their missing parts; each is asked for at most `maxAsks` times, then dropped. */
  takeMissing(now: number, idleMs: number, maxAsks = 3): MissingParts[] {
    const out: MissingParts[] = [];
    for (const [key, p] of this.pending) {
      if (now - p.lastAt < idleMs) continue;
      if (p.asked >= maxAsks) {
        this.drop(key);
        continue;
      }
      p.asked++;
      p.lastAt = now;
      const ids: number[] = [];
      for (let i = 0; i < p.total; i++) if (p.parts[i] === undefined) ids.push(i + 1);
      out.push({ msgId: p.msgId, firstSerial: p.firstSerial, ids });
    }
    return out;
  }

  get size(): number {
    return this.pending.size;
  }

  private drop(key: string): void {
    const p = this.pending.get(key);
    if (!p) return;
    this.held -= p.bytes;
    this.pending.delete(key);
  }

  private evictFor(bytes: number, keep?: string): void {
    for (const key of this.pending.keys()) {
      const over = this.pending.size >= this.limits.maxMessages || this.held + bytes > this.limits.maxBytes;
      if (!over) return;
      if (key !== keep) this.drop(key);
    }
  }
}
