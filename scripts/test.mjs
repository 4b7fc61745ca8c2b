#!/usr/bin/env node
// `npm test`: unit, integration (real database and Redis) and browser tests in one jest run.
// Backends follow the environment: unset → SQLite + in-process emulation; DATABASE_URL/REDIS_URL → MariaDB + Redis.
// The browser tests need the H5 build: it is (re)built first when missing or stale.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const onlyUnit = args.length > 0 && args.every((a) => !a.includes('e2e') && !a.startsWith('-'));
if (!onlyUnit) {
  const b = spawnSync(process.execPath, [path.join(root, 'scripts/build-h5.mjs')], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const backend = process.env.DATABASE_URL ? 'MariaDB/MySQL + Redis' : 'SQLite + in-process Redis emulation';
console.log(`[test] backends: ${backend}`);
const r = spawnSync(path.join(root, 'node_modules/.bin/jest'), args, { cwd: root, stdio: 'inherit', env: { ...process.env, TZ: 'UTC' } });
process.exit(r.status ?? 1);
