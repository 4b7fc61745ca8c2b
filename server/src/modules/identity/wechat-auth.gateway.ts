import { IdentityErrorCode } from '@shared/identity/identity.errors';
import { UpstreamError, UpstreamTimeoutError, ValidationError } from '../../platform/errors';

/** WeChat mini-program login (auth.code2Session). */
export interface WechatAuthGateway {
  code2session(code: string): Promise<{ openid: string; unionid?: string }>;
}

interface Code2SessionReply { openid?: string; unionid?: string; session_key?: string; errcode?: number; errmsg?: string }

/**
 * Speaks the real HTTP shape: GET {base}/sns/jscode2session?appid&secret&js_code&grant_type=authorization_code.
 * The base is the real API in production and the project's fake (/__fake/wechat) otherwise.
 */
export class HttpWechatAuthGateway implements WechatAuthGateway {
  constructor(private readonly base: () => string, private readonly appId: string, private readonly secret: string, private readonly timeoutMs = 5000) {}

  async code2session(code: string): Promise<{ openid: string; unionid?: string }> {
    const url = new URL('/sns/jscode2session', this.base().replace(/\/$/, '') + '/');
    url.pathname = `${new URL(this.base()).pathname.replace(/\/$/, '')}/sns/jscode2session`;
    url.search = new URLSearchParams({ appid: this.appId, secret: this.secret, js_code: code, grant_type: 'authorization_code' }).toString();
    let reply: Code2SessionReply;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
      reply = (await res.json()) as Code2SessionReply;
    } catch (e) {
      if ((e as Error).name === 'TimeoutError') throw new UpstreamTimeoutError(IdentityErrorCode.WECHAT_TIMEOUT, '微信登录服务超时，请稍后再试');
      throw new UpstreamError(IdentityErrorCode.WECHAT_UNREACHABLE, '无法连接微信登录服务');
    }
    if (reply.errcode) {
      // 40029 invalid code, 40163 code already used, 45011 rate limited (WeChat's documented codes)
      if (reply.errcode === 40029 || reply.errcode === 40163) {
        throw new ValidationError(IdentityErrorCode.WECHAT_CODE_INVALID, `微信登录凭证无效或已使用（${reply.errcode}），请重新登录`);
      }
      throw new UpstreamError(IdentityErrorCode.WECHAT_ERROR, `微信登录失败（${reply.errcode}）`);
    }
    if (!reply.openid) throw new UpstreamError(IdentityErrorCode.WECHAT_ERROR, '微信登录未返回 openid');
    return { openid: reply.openid, unionid: reply.unionid };
  }
}
