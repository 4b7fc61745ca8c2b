import { postJson } from '../../platform/http/http-client';

/**
 * WeChat subscribe messages (订阅消息) behind an interface: `POST {base}/cgi-bin/message/subscribe/send`
 * with touser (openid), template_id, page and data. The project's fake WeChat records them.
 */
export interface SubscribeMessage {
  touser: string;
  template_id: string;
  page: string;
  data: Record<string, { value: string }>;
}

export interface WechatMessageGateway {
  send(message: SubscribeMessage): Promise<void>;
}

/**
 * WeChat's errcodes that no retry can change: 43101 the user has not subscribed (or refused),
 * 40003 invalid openid, 40037 invalid template_id, 47003 invalid arguments. Anything else
 * (-1 system busy, 45009 rate limit, HTTP and network failures) is worth trying again later.
 */
const FINAL_ERRCODES = new Set([43101, 40003, 40037, 47003]);

export class WechatSendError extends Error {
  constructor(readonly errcode: number | null, message: string) {
    super(message);
    this.name = 'WechatSendError';
  }

  get final(): boolean {
    return this.errcode != null && FINAL_ERRCODES.has(this.errcode);
  }
}

export class HttpWechatMessageGateway implements WechatMessageGateway {
  constructor(private readonly base: () => string, private readonly timeoutMs = 3000) {}

  async send(message: SubscribeMessage): Promise<void> {
    const res = await postJson(`${this.base()}/cgi-bin/message/subscribe/send`, message, this.timeoutMs);
    if (res.body === null || typeof res.body !== 'object') throw new WechatSendError(null, `微信订阅消息发送失败：应答不是 JSON（HTTP ${res.status}）`);
    const body = res.body as { errcode?: number; errmsg?: string };
    if (res.status < 200 || res.status > 299) throw new WechatSendError(null, `微信订阅消息发送失败：HTTP ${res.status}`);
    if ((body.errcode ?? 0) !== 0) throw new WechatSendError(body.errcode ?? null, `微信订阅消息发送失败：微信返回 ${body.errcode}（${body.errmsg}）`);
  }
}

/** Template ids per event family; configurable (WECHAT_TPL_*), these defaults are the demo's. */
export interface MessageTemplates { tripStatus: string; task: string; approval: string }
export function messageTemplates(env: Readonly<Record<string, string | undefined>>): MessageTemplates {
  return {
    tripStatus: env.WECHAT_TPL_TRIP_STATUS ?? 'tpl-trip-status',
    task: env.WECHAT_TPL_TASK ?? 'tpl-driver-task',
    approval: env.WECHAT_TPL_APPROVAL ?? 'tpl-approval-todo',
  };
}
