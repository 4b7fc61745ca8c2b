import type { Socket } from 'node:net';
import {
  ByteWriter, checksum, encodeHeader, encodeMessage, escapeFrame, FLAG, FrameSplitter, MSG, Reassembler,
  type Body, type DeviceProfile, type Edition,
} from '../jt808';
import type { TerminalInfo } from '../telematics.ports';

const ESC = 0x7d;

/** Socket write buffer past which a terminal that does not read is disconnected. */
const MAX_WRITE_BACKLOG = 256 * 1024;

/** One terminal connection and what the gateway knows about it. */
export class Session {
  readonly splitter = new FrameSplitter(4096);
  readonly reassembler = new Reassembler();
  /** Header edition and raw phone digits of the last frame (replies mirror them). */
  edition: Edition = 2013;
  version = 1;
  phone = '';
  profile: DeviceProfile | null = null;
  info: TerminalInfo | null = null;
  authenticated = false;
  authFailures = 0;
  badFrames = 0;
  lastSeen = Date.now();
  lastRefresh = 0;
  lastAlarm = 0;
  lastStatus: number | null = null;
  private serial = 0;
  /** Frames of this session are handled one after another, in order. */
  queue: Promise<void> = Promise.resolve();
  queued = 0;
  closed = false;

  constructor(readonly connId: string, readonly socket: Socket) {}

  get bodyEdition(): Edition {
    return this.profile?.bodyEdition ?? this.edition;
  }

  nextSerial(): number {
    const s = this.serial;
    this.serial = (this.serial + 1) & 0xffff;
    return s;
  }

  /** Sends a platform message with the next serial; returns the serial used. */
  send(msg: Body, serial = this.nextSerial()): number {
    if (this.closed) return serial;
    const frame = encodeMessage({ edition: this.edition, phone: this.phone, serial, version: this.version }, msg, this.bodyEdition);
    this.write(frame);
    return serial;
  }

  write(frame: Buffer): void {
    if (this.closed) return;
    if (this.socket.writableLength > MAX_WRITE_BACKLOG) {
      this.socket.destroy();
      return;
    }
    this.socket.write(frame);
  }

  /**
   * The 0x8001 general reply, the message sent most (one per report): the bytes of
   * send({ kind: 'platformReply', ... }), from a header template kept while edition, version and
   * phone stay the same.
   */
  reply(replySerial: number, replyId: number, result: number): void {
    if (this.closed) return;
    const serial = this.nextSerial();
    if (!this.replyTemplate || this.replyFor.edition !== this.edition || this.replyFor.version !== this.version || this.replyFor.phone !== this.phone) {
      const w = new ByteWriter(32);
      encodeHeader(w, { msgId: MSG.platformReply, edition: this.edition, version: this.version, phone: this.phone, serial: 0, encryption: 0, bodyLength: 5, reserved: false });
      w.u16(0).u16(0).u8(0);
      this.replyTemplate = w.toBuffer();
      this.replyTemplatePlain = this.replyTemplate.indexOf(FLAG) < 0 && this.replyTemplate.indexOf(ESC) < 0;
      this.replyFor = { edition: this.edition, version: this.version, phone: this.phone };
    }
    // Built in place between the flags; only if a byte needs escaping does it go through escapeFrame.
    const t = this.replyTemplate;
    const n = t.length;
    const f = Buffer.allocUnsafe(n + 3);
    f[0] = FLAG;
    t.copy(f, 1);
    const body = n - 5 + 1;
    f.writeUInt16BE(serial, body - 2);
    f.writeUInt16BE(replySerial & 0xffff, body);
    f.writeUInt16BE(replyId & 0xffff, body + 2);
    f[body + 4] = result & 0xff;
    const sum = checksum(f, 1, n + 1);
    f[n + 1] = sum;
    f[n + 2] = FLAG;
    let plain = this.replyTemplatePlain && sum !== FLAG && sum !== ESC;
    for (let i = body - 2; plain && i < body + 5; i++) plain = f[i] !== FLAG && f[i] !== ESC;
    this.write(plain ? f : escapeFrame(f.subarray(1, n + 2)));
  }
  private replyTemplate: Buffer | null = null;
  private replyTemplatePlain = true;
  private replyFor: { edition: Edition; version: number; phone: string } = { edition: 2013, version: 0, phone: '' };
}
