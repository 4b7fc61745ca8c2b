import type Redis from 'ioredis';
import type { CommandProgress, WorkerRequest } from '../command.types';

/**
 * Routes commands to the worker that holds a terminal and progress back to the API processes,
 * over Redis pub/sub (a per-worker channel and one progress channel). Works on ioredis-mock too,
 * whose duplicated clients share pub/sub inside one process.
 */
export class CommandBus {
  private readonly sub: Redis;
  private readonly handlers = new Map<string, Array<(payload: string) => void>>();
  private ready: Promise<void> = Promise.resolve();

  /**
   * `ownPublisher`: publish on a connection of the bus's own (a duplicate of `pub`), so commands and
   * their progress never wait behind the big pipelines of the connection they were given.
   */
  private readonly ownPub: boolean;
  private readonly pub: Redis;

  constructor(pub: Redis, private readonly prefix = 'tm:', opts: { ownPublisher?: boolean } = {}) {
    this.ownPub = opts.ownPublisher ?? false;
    this.pub = this.ownPub ? pub.duplicate() : pub;
    this.sub = pub.duplicate();
    this.sub.on('message', (channel: string, payload: string) => {
      for (const h of this.handlers.get(channel) ?? []) h(payload);
    });
  }

  private async listen(channel: string, h: (payload: string) => void): Promise<void> {
    const list = this.handlers.get(channel) ?? [];
    list.push(h);
    this.handlers.set(channel, list);
    if (list.length === 1) {
      this.ready = this.ready.then(() => this.sub.subscribe(channel).then(() => undefined));
      await this.ready;
    }
  }

  async toWorker(workerId: string, req: WorkerRequest): Promise<void> {
    await this.pub.publish(`${this.prefix}w:${workerId}`, JSON.stringify(req));
  }

  onWorkerRequest(workerId: string, handler: (req: WorkerRequest) => void): Promise<void> {
    return this.listen(`${this.prefix}w:${workerId}`, (p) => handler(JSON.parse(p) as WorkerRequest));
  }

  async progress(p: CommandProgress): Promise<void> {
    await this.pub.publish(`${this.prefix}progress`, JSON.stringify(p));
  }

  onProgress(handler: (p: CommandProgress) => void): Promise<void> {
    return this.listen(`${this.prefix}progress`, (p) => handler(JSON.parse(p) as CommandProgress));
  }

  async close(): Promise<void> {
    // Unsubscribe first: the in-process emulation (ioredis-mock 8) leaves a disconnected client's
    // listeners on its shared channel emitter otherwise, one per bus ever made in the process.
    await this.sub.unsubscribe().catch(() => undefined);
    this.sub.disconnect();
    if (this.ownPub) this.pub.disconnect();
  }
}
