#!/usr/bin/env node
// Builds the H5 mini-program when it is missing or older than its sources (miniapp/, shared/).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const index = path.join(root, 'miniapp/dist/h5/index.html');

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const force = process.argv.includes('--force');
const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
const sources = Math.max(newest(path.join(root, 'miniapp')), newest(path.join(root, 'shared')));
if (!force && built > sources) {
  console.log('[build-h5] H5 build is up to date');
  process.exit(0);
}
const started = Date.now();
const r = spawnSync(path.join(root, 'node_modules/.bin/taro'), ['build', '--type', 'h5'], {
  cwd: path.join(root, 'miniapp'), stdio: ['ignore', process.env.CI ? 'ignore' : 'inherit', 'inherit'], env: { ...process.env, NODE_ENV: 'production' },
});
if (r.status !== 0) process.exit(r.status ?? 1);
console.log(`[build-h5] built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
