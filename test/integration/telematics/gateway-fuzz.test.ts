import net from 'node:net';
import { remutate, seedFrames } from '../../unit/telematics/fuzz-frames';
import { startHarness, type Harness } from './telematics-harness';
import v8 from 'node:v8';
import vm from 'node:vm';

/** The heap after a full collection: memory the process holds on to, not garbage waiting for the collector. */
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;
function retainedHeap(): number {
  collect();
  return process.memoryUsage().heapUsed;
}

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('JT/T 808 gateway under hostile input', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.directory.add(1);
    h.directory.add(2);
  });
  afterAll(() => h.close());

  it('when 100,000 random and mutated frames arrive on many connections, then the gateway stays up, bounded, and keeps serving a good terminal', async () => {
    const good = await h.terminal(1, 2019);
    const seeds = seedFrames();
    const rand = rng(808);
    const frameAt = (i: number): Buffer => {
      const seed = seeds[Math.floor(rand() * seeds.length)];
      if (i % 3 === 0) {
        const len = Math.floor(rand() * 200);
        const b = Buffer.alloc(len);
        for (let k = 0; k < len; k++) b[k] = rand() < 0.1 ? 0x7e : Math.floor(rand() * 256);
        return b;
      }
      const edits: Array<[number, number]> = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => [Math.floor(rand() * 2000), Math.floor(rand() * 256)]);
      if (i % 3 === 1) return remutate(seed, edits, Math.floor(rand() * 16));
      const f = Buffer.from(seed);
      for (const [p, v] of edits) f[p % f.length] = v;
      return f;
    };
    const heapBefore = retainedHeap();
    const TOTAL = 100_000;
    // Few frames per connection: the gateway drops a connection after 20 bad frames in a row, and
    // the point is that (nearly) every frame reaches its decoder.
    const PER_CONN = 20;
    const PARALLEL = 50;
    let sent = 0;
    let goodOk = 0;
    const pending: Array<Promise<void>> = [];
    for (let c = 0; c < TOTAL / PER_CONN; c++) {
      const frames: Buffer[] = [];
      for (let i = 0; i < PER_CONN; i++) frames.push(frameAt(sent++));
      pending.push(new Promise<void>((resolve) => {
        const s = net.connect({ host: '127.0.0.1', port: h.port }, () => {
          s.end(Buffer.concat(frames));
        });
        s.on('data', () => undefined);
        s.on('error', () => resolve());
        s.on('close', () => resolve());
      }));
      if (pending.length >= PARALLEL) {
        await Promise.all(pending.splice(0));
        const rr = await good.report();
        if (rr === 0) goodOk++;
      }
    }
    await Promise.all(pending);
    expect(sent).toBe(TOTAL);
    expect(h.gateway.stats.badFrames).toBeGreaterThan(TOTAL / 2);
    expect(await good.report()).toBe(0);
    expect(goodOk).toBe(TOTAL / PER_CONN / PARALLEL);
    const second = await h.terminal(2, 2013);
    expect(await second.report()).toBe(0);
    expect(h.gateway.connectionCount).toBe(2);
    // What the gateway keeps, not the garbage not yet collected (that varied by 10 % between runs).
    expect(retainedHeap() - heapBefore).toBeLessThan(200 * 1024 * 1024);
  });
});
