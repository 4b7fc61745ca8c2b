import http from 'node:http';
import { ConfigError, loadConfig } from '@config/load-config';
import { createDeps } from './container';
import { buildApp } from './app';
import { httpWorkers, isClusterPrimary, runPrimary } from './cluster';

/** loadConfig → open database and Redis → buildApp(deps) → listen; SIGTERM/SIGINT close everything. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const deps = await createDeps(config);
  const app = buildApp(deps);
  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(config.http.port, config.http.host, resolve));
  deps.logger.info({ port: config.http.port, demoLogin: config.auth.demoLogin }, `HTTP listening on ${config.http.host}:${config.http.port}`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    deps.logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      deps.logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections?.();
    await deps.close();
    deps.logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

function start(): Promise<void> {
  let workers: number;
  try {
    workers = isClusterPrimary() ? httpWorkers(process.env) : 1;
  } catch (e) {
    return Promise.reject(e);
  }
  if (workers > 1) {
    runPrimary(workers, (line) => process.stdout.write(`${line}\n`));
    return Promise.resolve();
  }
  return main();
}

start().catch((err) => {
  // A capability's own settings fail the same way as the core config: name the variable, no stack.
  if (err instanceof Error && /ConfigError$/.test(err.name)) {
    process.stderr.write(`${err.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`启动失败: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
