import type { Socket } from 'node:net';
import {
  encodeMessage, FrameSplitter, Reassembler, type Body, type DeviceProfile, type Edition,
} from '../jt808';
import type { TerminalInfo } from '../telematics.ports';

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

  reply(replySerial: number, replyId: number, result: number): void {
    this.send({ kind: 'platformReply', body: { replySerial, replyId, result } });
  }
}
