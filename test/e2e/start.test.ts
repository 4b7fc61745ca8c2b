import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../helpers/http-server';

const root = path.resolve(__dirname, '../..');

async function waitFor(url: string, ms: number): Promise<Response> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await fetch(url);
    } catch {
      if (Date.now() > until) throw new Error(`${url} did not answer within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

describe('npm start on the embedded default', () => {
  it('when started with no configuration, then /healthz answers, the seeded demo users are there, and SIGTERM stops it cleanly', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gov-vehicle-start-'));
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), SQLITE_PATH: path.join(dir, 'p.sqlite'), SKIP_H5_BUILD: '1', LOG_LEVEL: 'info', FAKE_WECHATPAY_PORT: '0', JT808_PORT: '0' };
    const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d) => { log += d; });
    child.stderr.on('data', (d) => { log += d; });
    try {
      // A whole server from a cold start (tsx compiles it, the SQLite file is migrated and seeded), beside
      // other test files on two cores: once over 60 s under load. The server's own output tells why if it never answers.
      const health = await waitFor(`http://127.0.0.1:${port}/healthz`, 150_000).catch((e: Error) => {
        throw new Error(`${e.message}; its output:\n${log.slice(-3000)}`);
      });
      expect(await health.json()).toEqual({ status: 'ok' });
      const users = await (await fetch(`http://127.0.0.1:${port}/api/auth/demo-users`)).json() as { items: unknown[] };
      expect(users.items.length).toBeGreaterThan(20);
      expect(log).toContain('SQLite file');
      expect(log).toContain('in-process Redis emulation');
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    expect(log).toContain('stopped');
  }, 180_000);

  it('when a variable is invalid, then start-up stops with a message naming it', async () => {
    const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs')], {
      cwd: root, env: { PATH: process.env.PATH, PORT: 'eighty', SKIP_H5_BUILD: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).not.toBe(0);
    expect(err).toContain('PORT');
  });
});
