import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { postJson } from '../../../server/src/platform/http/http-client';

describe('postJson (outside services over keep-alive HTTP)', () => {
  let server: http.Server;
  let base: string;
  const seen: Array<{ type?: string; body: string; connection?: string }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ type: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8'), connection: req.headers.connection });
        if (req.url === '/slow') return void setTimeout(() => res.end('{}'), 500);
        if (req.url === '/text') return void res.end('not json');
        res.statusCode = req.url === '/fail' ? 500 : 200;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ errcode: 0, echo: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('when the service answers JSON, then the status and the parsed reply come back, the request was JSON on a kept-alive connection', async () => {
    const r = await postJson(`${base}/ok`, { touser: '用户', n: 1 }, 2000);
    expect(r).toEqual({ status: 200, body: { errcode: 0, echo: { touser: '用户', n: 1 } } });
    expect(seen.at(-1)).toMatchObject({ type: 'application/json', body: '{"touser":"用户","n":1}', connection: 'keep-alive' });
  });

  it('when the service fails or answers something else than JSON, then the status is given and the body is null for non-JSON', async () => {
    expect((await postJson(`${base}/fail`, {}, 2000)).status).toBe(500);
    expect(await postJson(`${base}/text`, {}, 2000)).toEqual({ status: 200, body: null });
  });

  it('when the service does not answer in time, then it rejects with a TimeoutError', async () => {
    await expect(postJson(`${base}/slow`, {}, 50)).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('when nothing listens, then it rejects', async () => {
    await expect(postJson('http://127.0.0.1:1/x', {}, 2000)).rejects.toThrow();
  });
});
