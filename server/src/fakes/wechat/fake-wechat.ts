import { randomBytes } from 'node:crypto';
import Router from '@koa/router';
import type { Context } from 'koa';

/**
 * A fake of WeChat's mini-program server, at the border we cannot reach here. It speaks the same HTTP
 * shape as api.weixin.qq.com: jscode2session answers {openid, session_key, unionid} or {errcode, errmsg};
 * subscribe messages (message/subscribe/send) are recorded. A code is single-use and lives 5 minutes.
 * Test and demo hook: POST /__fake/wechat/test/codes {openid} issues a code as wx.login would.
 */
export interface SentSubscribeMessage { touser: string; template_id: string; page?: string; data: Record<string, { value: string }>; at: string }

export class FakeWechat {
  private readonly codes = new Map<string, { openid: string; expires: number }>();
  readonly messages: SentSubscribeMessage[] = [];
  /** Users who have not subscribed (subscribe/send answers 43101 for them), as on real WeChat. */
  readonly unsubscribed = new Set<string>();
  /** Test and demo hook: the next `count` sends fail as WeChat does when busy (-1) or unreachable (HTTP 503). */
  private outage: { count: number; kind: 'busy' | 'http503' } = { count: 0, kind: 'busy' };

  failNextSends(count: number, kind: 'busy' | 'http503' = 'busy'): void {
    this.outage = { count, kind };
  }

  constructor(private readonly appId: string, private readonly secret: string) {}

  issueCode(openid: string): string {
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, { openid, expires: Date.now() + 5 * 60_000 });
    return code;
  }

  router(prefix: string): Router {
    const r = new Router({ prefix });
    r.get('/sns/jscode2session', (ctx: Context) => {
      const { appid, secret, js_code: code, grant_type: grant } = ctx.query as Record<string, string>;
      if (appid !== this.appId || secret !== this.secret) return this.reply(ctx, { errcode: 40125, errmsg: 'invalid appsecret' });
      if (grant !== 'authorization_code') return this.reply(ctx, { errcode: 40002, errmsg: 'invalid grant_type' });
      const entry = code ? this.codes.get(code) : undefined;
      if (!entry) return this.reply(ctx, { errcode: 40029, errmsg: 'invalid code' });
      this.codes.delete(code);
      if (entry.expires < Date.now()) return this.reply(ctx, { errcode: 40163, errmsg: 'code been used' });
      this.reply(ctx, { openid: entry.openid, session_key: randomBytes(16).toString('base64'), unionid: `u_${entry.openid}` });
    });
    r.post('/cgi-bin/message/subscribe/send', (ctx: Context) => {
      const body = (ctx.request as unknown as { body?: SentSubscribeMessage }).body;
      if (!body?.touser || !body.template_id) return this.reply(ctx, { errcode: 47003, errmsg: 'argument invalid' });
      if (this.outage.count > 0) {
        this.outage.count--;
        if (this.outage.kind === 'http503') return this.reply(ctx, { message: 'Service Unavailable' }, 503);
        return this.reply(ctx, { errcode: -1, errmsg: 'system error' });
      }
      if (this.unsubscribed.has(body.touser)) return this.reply(ctx, { errcode: 43101, errmsg: 'user refuse to accept the msg' });
      this.messages.push({ ...body, at: new Date().toISOString() });
      this.reply(ctx, { errcode: 0, errmsg: 'ok' });
    });
    r.post('/test/codes', (ctx: Context) => {
      const body = (ctx.request as unknown as { body?: { openid?: string } }).body;
      if (!body?.openid) return this.reply(ctx, { errcode: 47003, errmsg: 'openid required' }, 400);
      this.reply(ctx, { code: this.issueCode(body.openid) });
    });
    return r;
  }

  private reply(ctx: Context, body: object, status = 200): void {
    ctx.status = status;
    ctx.body = body;
  }
}
