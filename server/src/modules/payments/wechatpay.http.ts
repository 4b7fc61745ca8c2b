import crypto from 'node:crypto';
import type { IPayRequest } from 'wechatpay-node-v3/dist/lib/pay-request.interface';
import type { Output } from 'wechatpay-node-v3/dist/lib/interface-v2';
import { PaymentErrorCode as E } from '@shared/payments/payments.schemas';
import { UpstreamError, UpstreamTimeoutError } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import { verifyRsaSha256 } from './wechatpay.crypto';

export const WECHATPAY_ORIGIN = 'https://api.mch.weixin.qq.com';

export interface WechatPayHttpOptions {
  /** Where requests really go: WECHATPAY_ORIGIN in production, the fake's URL in demos and tests. */
  apiBase: string;
  platformPublicKeys: ReadonlyMap<string, string>;
  windowSeconds: number;
  timeoutMs: number;
  clock: Clock;
}

/**
 * The HTTP client handed to wechatpay-node-v3 through `createHttp`. The library signs requests
 * but verifies nothing it receives, so this client checks every API answer's Wechatpay-Signature
 * (over `timestamp\nnonce\nbody\n`, platform key by Wechatpay-Serial, fresh timestamp) before the
 * library sees it. Bill files are not signed by WeChat: their SHA1 is checked by the gateway.
 * The body sent is exactly the JSON the library signed.
 */
export class WechatPayHttpClient implements IPayRequest {
  constructor(private readonly opts: WechatPayHttpOptions) {}

  post(url: string, params: Record<string, unknown>, headers: Record<string, unknown>): Promise<Output> {
    return this.send('POST', url, JSON.stringify(params), headers);
  }

  get(url: string, headers: Record<string, unknown>): Promise<Output> {
    return this.send('GET', url, undefined, headers);
  }

  upload(): Promise<Output> {
    return Promise.reject(new UpstreamError(E.WECHATPAY_REQUEST_FAILED, '不支持的微信支付接口：上传'));
  }

  private async send(method: string, url: string, body: string | undefined, headers: Record<string, unknown>): Promise<Output> {
    const target = url.startsWith(WECHATPAY_ORIGIN) ? this.opts.apiBase.replace(/\/$/, '') + url.slice(WECHATPAY_ORIGIN.length) : url;
    const path = new URL(target).pathname;
    const plainHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) if (v !== undefined) plainHeaders[k] = String(v);
    if (body !== undefined) plainHeaders['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(target, { method, headers: plainHeaders, body, signal: AbortSignal.timeout(this.opts.timeoutMs) });
    } catch (err) {
      if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
        throw new UpstreamTimeoutError(E.WECHATPAY_TIMEOUT, `微信支付接口 ${path} 超时`);
      }
      throw new UpstreamError(E.WECHATPAY_REQUEST_FAILED, `微信支付接口 ${path} 无法访问`);
    }
    const text = await res.text();
    if (!path.startsWith('/v3/billdownload/')) this.verifyAnswer(res.headers, text, path);
    const isJson = (res.headers.get('content-type') ?? '').includes('json') && text.length > 0;
    let data: unknown = text;
    if (isJson) {
      try {
        data = JSON.parse(text) as unknown;
      } catch {
        throw new UpstreamError(E.WECHATPAY_REQUEST_FAILED, `微信支付接口 ${path} 返回了无法解析的内容`);
      }
    }
    return res.ok ? { status: res.status, data } : { status: res.status, error: data };
  }

  private verifyAnswer(headers: Headers, text: string, path: string): void {
    const ts = headers.get('wechatpay-timestamp');
    const nonce = headers.get('wechatpay-nonce');
    const signature = headers.get('wechatpay-signature');
    const serial = headers.get('wechatpay-serial');
    const key = serial ? this.opts.platformPublicKeys.get(serial) : undefined;
    const fresh = ts !== null && Math.abs(this.opts.clock.now().getTime() / 1000 - Number(ts)) <= this.opts.windowSeconds;
    if (!ts || !nonce || !signature || !key || !fresh || !verifyRsaSha256(`${ts}\n${nonce}\n${text}\n`, signature, key)) {
      throw new UpstreamError(E.WECHATPAY_RESPONSE_UNVERIFIED, `微信支付接口 ${path} 的应答签名校验失败`);
    }
  }
}

export function sha1Hex(text: string): string {
  return crypto.createHash('sha1').update(text, 'utf8').digest('hex');
}
