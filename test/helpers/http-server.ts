import http from 'node:http';
import net from 'node:net';
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

export interface EarlyServer {
  port: number;
  baseUrl: string;
  server: http.Server;
  /** From now on requests go to `handler` (until then: 503). */
  serve(handler: http.RequestListener): void;
  close(): Promise<void>;
}

/**
 * Listens before the app exists, for apps that must know their own port when they start (the
 * WeChat Pay notify URL the fake POSTs to): answers 503 until `serve` hands it the app.
 */
export async function listenFirst(): Promise<EarlyServer> {
  let handler: http.RequestListener = (_req, res) => { res.statusCode = 503; res.end(); };
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port, baseUrl: `http://127.0.0.1:${port}`, server,
    serve: (h) => { handler = h; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/**
 * A port free right now on 127.0.0.1, for a child process that must be told its port. Taken below
 * Linux's ephemeral range (32768–60999): a port the kernel hands out for "port 0" could be given to
 * one of the child's own listeners (its fake WeChat) before the child binds the one it was told.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const s = net.createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
}
