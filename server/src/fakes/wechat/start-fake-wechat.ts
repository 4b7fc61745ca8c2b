import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { jsonBodyMiddleware } from '../../platform/http/request-middleware';
import { FakeWechat } from './fake-wechat';

export interface RunningFakeWechat { fake: FakeWechat; baseUrl: string; close(): Promise<void> }

/** Starts the fake WeChat API as its own HTTP server on 127.0.0.1 (the border is a real socket). */
export async function startFakeWechat(appId: string, secret: string, port = 0): Promise<RunningFakeWechat> {
  const fake = new FakeWechat(appId, secret);
  const app = new Koa();
  app.use(jsonBodyMiddleware());
  const router = fake.router('');
  app.use(router.routes());
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    fake,
    baseUrl: `http://127.0.0.1:${actual}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
