import Koa from 'koa';
import Router from '@koa/router';
import request from 'supertest';
import { z } from 'zod';
import { ApiRouter } from '../../../server/src/platform/http/api-router';
import { Admission } from '../../../server/src/platform/http/admission';

/** Resolves once `ready()` holds, checking each turn of the event loop (a positive observation, no fixed wait). */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((r) => setImmediate(r));
}

describe('admission to a busy process (platform/http/admission.ts)', () => {
  it('when the limit is reached, then later work waits and runs in arrival order as places free, also after a failure', async () => {
    const admission = new Admission(2);
    const ran: string[] = [];
    const gates = new Map<string, () => void>();
    const work = (name: string, fail = false) => admission.run(async () => {
      ran.push(`${name} start`);
      await new Promise<void>((r) => gates.set(name, r));
      ran.push(`${name} end`);
      if (fail) throw new Error(`${name} failed`);
      return name;
    });
    const a = work('a', true);
    const b = work('b');
    const c = work('c');
    const d = work('d');
    await until(() => gates.has('a') && gates.has('b'));
    expect(admission.load).toEqual({ running: 2, waiting: 2 });
    expect(ran).toEqual(['a start', 'b start']);
    gates.get('a')!();
    await expect(a).rejects.toThrow('a failed');
    await until(() => gates.has('c'));
    expect(ran).toEqual(['a start', 'b start', 'a end', 'c start']);
    gates.get('b')!();
    await until(() => gates.has('d'));
    gates.get('c')!();
    gates.get('d')!();
    await expect(Promise.all([b, c, d])).resolves.toEqual(['b', 'c', 'd']);
    expect(admission.load).toEqual({ running: 0, waiting: 0 });
  });

  it('when ordinary requests fill the process, then an urgent route (a car\'s doors) and a signed callback answer at once and the waiting request runs after', async () => {
    const admission = new Admission(1);
    const ran: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    const ok = z.object({ ok: z.string() });
    const routes = new ApiRouter()
      .add({ method: 'get', path: '/slow', tag: 't', summary: '占用', auth: false, response: ok, handler: async () => { ran.push('slow'); await held; return { ok: 'slow' }; } })
      .add({ method: 'get', path: '/next', tag: 't', summary: '排队', auth: false, response: ok, handler: async () => { ran.push('next'); return { ok: 'next' }; } })
      .add({ method: 'post', path: '/unlock', tag: 't', summary: '开锁', auth: false, urgent: true, response: ok, handler: async () => { ran.push('unlock'); return { ok: 'unlock' }; } })
      .add({ method: 'post', path: '/notify', tag: 't', summary: '回调', auth: false, rawBody: '签名通知', response: ok, handler: async () => { ran.push('notify'); return { ok: 'notify' }; } });
    const router = new Router();
    routes.mount(router, admission);
    const app = new Koa().use(router.routes());
    const server = app.listen(0, '127.0.0.1');
    try {
      const slow = request(server).get('/slow').then((r) => r.body as unknown);
      await until(() => ran.includes('slow'));
      const next = request(server).get('/next').then((r) => r.body as unknown);
      await until(() => admission.load.waiting === 1);
      expect((await request(server).post('/unlock')).body).toEqual({ ok: 'unlock' });
      expect((await request(server).post('/notify')).body).toEqual({ ok: 'notify' });
      expect(ran).toEqual(['slow', 'unlock', 'notify']);
      release();
      await expect(slow).resolves.toEqual({ ok: 'slow' });
      await expect(next).resolves.toEqual({ ok: 'next' });
      expect(ran).toEqual(['slow', 'unlock', 'notify', 'next']);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
