import type { TerminalDirectory, TerminalInfo } from '../telematics.ports';
import type { BufferDiagnostics } from './position-buffer';

/** Messages between a gateway worker and the primary process over the cluster IPC channel. */
export type IpcFromWorker =
  | { type: 'tm:dir'; id: number; by: 'phone' | 'vehicle'; key: string }
  | { type: 'tm:ready'; workerId: string }
  /** A stored batch of live reports, packed (live-reports.ts). */
  | { type: 'tm:reports'; flat: number[] }
  | {
    type: 'tm:stats'; workerId: string; connections: number; reports: number; stored: number; badFrames: number; rssMb: number; lagMaxMs: number;
    store?: BufferDiagnostics;
  };
export type IpcToWorker = { type: 'tm:dir'; id: number; info: TerminalInfo | null } | { type: 'tm:stop' };

interface IpcChannel {
  send?(msg: unknown): boolean;
  on(event: 'message', h: (msg: unknown) => void): unknown;
}

/** A worker's terminal directory: asks the primary, which holds the platform's real directory. */
export class IpcDirectory implements TerminalDirectory {
  private seq = 0;
  private readonly waiting = new Map<number, (info: TerminalInfo | null) => void>();

  constructor(private readonly channel: IpcChannel) {
    channel.on('message', (m) => {
      const msg = m as IpcToWorker;
      if (msg?.type !== 'tm:dir') return;
      this.waiting.get(msg.id)?.(msg.info);
      this.waiting.delete(msg.id);
    });
  }

  findByPhone(phone: string): Promise<TerminalInfo | null> {
    return this.ask('phone', phone);
  }
  findByVehicleId(vehicleId: number): Promise<TerminalInfo | null> {
    return this.ask('vehicle', String(vehicleId));
  }

  private ask(by: 'phone' | 'vehicle', key: string): Promise<TerminalInfo | null> {
    const id = ++this.seq;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve(null);
      }, 10_000);
      this.waiting.set(id, (info) => {
        clearTimeout(timer);
        resolve(info);
      });
      this.channel.send?.({ type: 'tm:dir', id, by, key } satisfies IpcFromWorker);
    });
  }
}

/** The primary's side: answers a worker's directory questions from the real directory. */
export async function answerDirectory(directory: TerminalDirectory, msg: IpcFromWorker, reply: (m: IpcToWorker) => void): Promise<void> {
  if (msg.type !== 'tm:dir') return;
  const info = await (msg.by === 'phone' ? directory.findByPhone(msg.key) : directory.findByVehicleId(Number(msg.key))).catch(() => null);
  reply({ type: 'tm:dir', id: msg.id, info });
}
