import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import helmet from 'koa-helmet';
import type { Context, Next } from 'koa';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { loadSection } from '@config/load-config';
import { SecurityErrorCode } from '@shared/security/security.errors';
import { DomainError, RateLimitedError } from '../errors';
import type { RedisClient } from '../redis';
import { statusOf } from './error-middleware';

/**
 * 等保 2.0 level-3 hardening every request passes through (#19 items 4 and 6): security headers,
 * CORS for configured origins only, and abuse limits kept in Redis by rate-limiter-flexible.
 * Every number is a setting; the defaults are the production baseline.
 */
const count = z.coerce.number().int().min(0);
const securityShape = {
  /** Comma-separated origins allowed to call the API from a browser (the H5 build is same-origin and needs none). */
  CORS_ORIGINS: z.string().default(''),
  /** Sign-in attempts per client IP per minute (WeChat code and demo sign-in together). */
  RATE_SIGNIN_PER_IP_PER_MIN: count.default(30),
  /** Bookings (new trip requests) per user per minute. */
  RATE_BOOKING_PER_USER_PER_MIN: count.default(20),
  /** Bookings per client IP per minute. */
  RATE_BOOKING_PER_IP_PER_MIN: count.default(120),
  /** Vehicle commands (lock/unlock, locate, tracking) per user per minute. */
  RATE_COMMAND_PER_USER_PER_MIN: count.default(10),
  /** Vehicle commands per client IP per minute. */
  RATE_COMMAND_PER_IP_PER_MIN: count.default(60),
  /** Failed sign-ins from one IP, counted over LOCKOUT_WINDOW_SECONDS, after which sign-in is locked. */
  LOCKOUT_FAILURES: count.default(5),
  LOCKOUT_WINDOW_SECONDS: count.default(15 * 60),
  /** How long sign-in stays locked after that many failures. */
  LOCKOUT_SECONDS: count.default(15 * 60),
  /** Sessions one user may hold at once; a further sign-in ends the oldest (0: uncapped). */
  SESSION_MAX_PER_USER: count.default(5),
};
export type SecuritySettings = z.infer<z.ZodObject<typeof securityShape>>;
export const loadSecuritySettings = (env: Readonly<Record<string, string | undefined>>): SecuritySettings => loadSection(securityShape, env);


/**
 * Security headers on every response (helmet), with a CSP the H5 build runs under: scripts from this
 * origin plus, by hash, the inline ones the build's index.html carries (Taro's rem sizing); inline styles.
 * connect-src: this origin, blob:/data: (Taro H5 reads a chosen photo through its blob URL before it
 * uploads it) and `connectOrigins` — the fake WeChat Pay's cashier when it stands in for the real one.
 */
export function securityHeaders(h5Dist?: string, connectOrigins: readonly string[] = []) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'script-src': ["'self'", ...inlineScriptHashes(h5Dist)],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'connect-src': ["'self'", 'blob:', 'data:', ...connectOrigins],
      },
    },
    // Map tiles and fonts may come from other origins.
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
}

/** CORS for the configured origins only: others get no Access-Control-* header, and their preflight a 403. */
export function corsForConfiguredOrigins(settings: SecuritySettings) {
  const allowed = new Set(settings.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean));
  return async (ctx: Context, next: Next): Promise<void> => {
    const origin = ctx.get('origin');
    ctx.vary('Origin');
    if (origin && allowed.has(origin)) {
      ctx.set('Access-Control-Allow-Origin', origin);
      ctx.set('Access-Control-Allow-Credentials', 'true');
      ctx.set('Access-Control-Expose-Headers', 'X-Request-Id, Retry-After');
      if (ctx.method === 'OPTIONS' && ctx.get('access-control-request-method')) {
        ctx.set('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
        ctx.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Request-Id');
        ctx.set('Access-Control-Max-Age', '600');
        ctx.status = 204;
        return;
      }
    } else if (origin && ctx.method === 'OPTIONS' && ctx.get('access-control-request-method')) {
      ctx.status = 403;
      ctx.body = { error: { code: SecurityErrorCode.CORS_ORIGIN_REFUSED, message: `来源 ${origin} 不在允许的跨域来源之列` }, requestId: String(ctx.state.requestId ?? '') };
      return;
    }
    await next();
  };
}

interface Rule {
  name: string;
  match: (method: string, path: string) => boolean;
  perIp?: number;
  perUser?: number;
  label: string;
}

const SIGN_IN = (m: string, p: string) => m === 'POST' && (p === '/api/auth/wx-login' || p === '/api/auth/demo-login' || p === '/api/auth/totp/verify' || p === '/api/auth/totp/enrol-verify');

/**
 * Rate limits per user and per IP on sign-in, booking and command endpoints, and sign-in lockout after
 * repeated failures. Counters live in Redis (real or the embedded emulation) via rate-limiter-flexible,
 * so every server process sees the same counts. A limit of 0 turns that limit off.
 */
export class AbuseLimits {
  private readonly limiters = new Map<string, RateLimiterAbstract>();
  private readonly rules: Rule[];
  private readonly failures: RateLimiterAbstract | null;

  constructor(private readonly redis: RedisClient, private readonly settings: SecuritySettings, emulated: boolean) {
    this.rules = [
      { name: 'signin', label: '登录', match: SIGN_IN, perIp: settings.RATE_SIGNIN_PER_IP_PER_MIN },
      { name: 'booking', label: '用车申请', match: (m, p) => (m === 'POST' && (p === '/api/trips' || p === '/api/reservations' || p === '/api/rental/rentals')), perIp: settings.RATE_BOOKING_PER_IP_PER_MIN, perUser: settings.RATE_BOOKING_PER_USER_PER_MIN },
      { name: 'command', label: '车辆指令', match: (m, p) => m === 'POST' && (/^\/api\/telematics\/vehicles\/[^/]+\/commands$/.test(p) || /^\/api\/rental\/rentals\/[^/]+\/(unlock|lock)$/.test(p)), perIp: settings.RATE_COMMAND_PER_IP_PER_MIN, perUser: settings.RATE_COMMAND_PER_USER_PER_MIN },
    ];
    const make = (keyPrefix: string, points: number, duration: number, blockDuration = 0): RateLimiterAbstract =>
      emulated && !supportsLua(redis)
        ? new RateLimiterMemory({ keyPrefix, points, duration, blockDuration })
        : new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration, blockDuration });
    for (const r of this.rules) {
      if (r.perIp) this.limiters.set(`${r.name}:ip`, make(`rl:${r.name}:ip`, r.perIp, 60));
      if (r.perUser) this.limiters.set(`${r.name}:user`, make(`rl:${r.name}:user`, r.perUser, 60));
    }
    this.failures = settings.LOCKOUT_FAILURES > 0
      ? make('rl:signin-fail', settings.LOCKOUT_FAILURES, settings.LOCKOUT_WINDOW_SECONDS, settings.LOCKOUT_SECONDS)
      : null;
  }

  middleware() {
    return async (ctx: Context, next: Next): Promise<void> => {
      const rule = this.rules.find((r) => r.match(ctx.method, ctx.path));
      if (!rule) return next();
      const ip = ctx.ip || 'unknown';
      const userId = (ctx.state.actor as { userId?: number } | undefined)?.userId;
      const signIn = rule.name === 'signin';
      if (signIn && this.failures) {
        const state = await this.failures.get(ip);
        if (state && state.consumedPoints >= this.settings.LOCKOUT_FAILURES) {
          throw this.locked(ctx, state.msBeforeNext);
        }
      }
      await this.take(ctx, `${rule.name}:ip`, ip, rule.label);
      if (userId !== undefined) await this.take(ctx, `${rule.name}:user`, String(userId), rule.label);
      if (!signIn || !this.failures) return next();
      try {
        await next();
      } catch (err) {
        if (err instanceof DomainError && [400, 401, 403, 404].includes(statusOf(err))) {
          try {
            await this.failures.consume(ip);
          } catch (res) {
            if (!(res instanceof RateLimiterRes)) throw res;
            throw this.locked(ctx, res.msBeforeNext);
          }
        }
        throw err;
      }
      if (ctx.status < 300) await this.failures.delete(ip);
    };
  }

  private async take(ctx: Context, limiter: string, key: string, label: string): Promise<void> {
    const l = this.limiters.get(limiter);
    if (!l) return;
    try {
      await l.consume(key);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      ctx.set('Retry-After', String(seconds));
      throw new RateLimitedError(SecurityErrorCode.RATE_LIMITED, `${label}过于频繁，请 ${seconds} 秒后再试`);
    }
  }

  private locked(ctx: Context, ms: number): RateLimitedError {
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    ctx.set('Retry-After', String(seconds));
    const minutes = Math.ceil(seconds / 60);
    return new RateLimitedError(SecurityErrorCode.SIGNIN_LOCKED, `登录失败次数过多，已暂时锁定，请 ${minutes} 分钟后再试`);
  }
}

/** ioredis-mock runs Lua (the limiter's atomic increment) only when its optional interpreter is present. */
function supportsLua(redis: RedisClient): boolean {
  return typeof (redis as unknown as { defineCommand?: unknown }).defineCommand === 'function';
}

function inlineScriptHashes(h5Dist?: string): string[] {
  if (!h5Dist) return [];
  let html: string;
  try {
    html = fs.readFileSync(path.join(h5Dist, 'index.html'), 'utf8');
  } catch {
    return [];
  }
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
    .filter((m) => m[1]!.trim() !== '')
    .map((m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`);
}
