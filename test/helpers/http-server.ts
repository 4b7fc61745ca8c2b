import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestApp } from './test-deps';

/** Listens on 127.0.0.1 with a free port for browser tests; returns the base URL and a closer. */
export async function listen(t: TestApp): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server = http.createServer(t.callback);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
