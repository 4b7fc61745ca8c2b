import fs from 'node:fs';
import path from 'node:path';
import type { Context, Next } from 'koa';
import { CommonErrorCode } from '@shared/common/errors';
import { ValidationError } from '../errors';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'application/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.png': 'image/png', '.jpg': 'image/jpeg', '.svg': 'image/svg+xml', '.ico': 'image/x-icon',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.map': 'application/json',
};

/**
 * Serves the built H5 mini-program at `/` (GET/HEAD, outside /api). Paths are resolved inside the
 * folder only. Until the build exists, `/` says it is being built instead of a bare 404.
 */
export function staticFiles(root: string) {
  const base = path.resolve(root);
  return async (ctx: Context, next: Next): Promise<void> => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.path.startsWith('/api/') || ctx.path.startsWith('/__fake/')) return next();
    let rel: string;
    try {
      rel = ctx.path === '/' ? 'index.html' : decodeURIComponent(ctx.path).replace(/^\/+/, '');
    } catch {
      throw new ValidationError(CommonErrorCode.MALFORMED_URL, `网址 ${ctx.path.slice(0, 100)} 的百分号编码有误`);
    }
    const file = path.resolve(base, rel);
    if (!file.startsWith(base + path.sep)) return next();
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(file);
    } catch {
      if (ctx.path === '/') {
        ctx.status = 503;
        ctx.set('Retry-After', '10');
        ctx.type = 'html';
        ctx.body = '<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="10"><title>公务用车服务平台</title><p>界面正在构建，请稍候（本页每 10 秒自动刷新）。</p>';
        return;
      }
      if (ctx.path === '/favicon.ico') return favicon(ctx);
      return next();
    }
    if (!stat.isFile()) return next();
    ctx.type = types[path.extname(file)] ?? 'application/octet-stream';
    ctx.length = stat.size;
    ctx.set('Cache-Control', rel === 'index.html' ? 'no-cache' : 'public, max-age=3600');
    ctx.body = ctx.method === 'HEAD' ? null : fs.createReadStream(file);
  };
}

/** The platform's mark (公 on the blue of the pages' header) when the build brings no favicon of its own. */
const FAVICON_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1677ff"/>'
  + '<text x="16" y="23" font-size="20" text-anchor="middle" fill="#fff" font-family="sans-serif">公</text></svg>';

function favicon(ctx: Context): void {
  ctx.type = 'image/svg+xml';
  ctx.set('Cache-Control', 'public, max-age=86400');
  ctx.body = ctx.method === 'HEAD' ? null : FAVICON_SVG;
}
