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

export class HttpWechatMessageGateway implements WechatMessageGateway {
  constructor(private readonly base: () => string, private readonly timeoutMs = 3000) {}

  async send(message: SubscribeMessage): Promise<void> {
    const res = await postJson(`${this.base()}/cgi-bin/message/subscribe/send`, message, this.timeoutMs);
    if (res.body === null || typeof res.body !== 'object') throw new Error(`subscribe/send failed: ${res.status}, reply is not JSON`);
    const body = res.body as { errcode?: number; errmsg?: string };
    if (res.status < 200 || res.status > 299 || (body.errcode ?? 0) !== 0) throw new Error(`subscribe/send failed: ${res.status} ${body.errcode} ${body.errmsg}`);
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
