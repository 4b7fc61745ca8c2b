#!/usr/bin/env node
// `npm start`: runs the platform. On a fresh clone the H5 mini-program is built in the background
// while the server is already answering (`/` says the UI is being built until it is ready).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const h5Index = path.join(root, process.env.H5_DIST ?? 'miniapp/dist/h5', 'index.html');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

let builder = null;
if (!fs.existsSync(h5Index) && process.env.SKIP_H5_BUILD !== '1') {
  console.log('[start] H5 界面尚未构建，后台构建中（约 1–2 分钟）…');
  builder = spawn(process.execPath, [path.join(root, 'scripts', 'build-h5.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  builder.on('exit', (code) => console.log(code === 0 ? '[start] H5 界面构建完成' : `[start] H5 构建失败（退出码 ${code}），可运行 npm run build:h5 查看原因`));
}

const server = spawn(bin('tsx'), [path.join(root, 'server/src/main.ts')], { cwd: root, stdio: 'inherit', env: process.env });
const forward = (signal) => {
  if (builder && builder.exitCode === null) builder.kill(signal);
  server.kill(signal);
};
process.on('SIGTERM', () => forward('SIGTERM'));
process.on('SIGINT', () => forward('SIGINT'));
server.on('exit', (code, signal) => {
  if (builder && builder.exitCode === null) builder.kill('SIGTERM');
  process.exit(code ?? (signal ? 0 : 1));
});
