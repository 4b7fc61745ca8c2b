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
    const res = await fetch(`${this.base()}/cgi-bin/message/subscribe/send`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const body = (await res.json()) as { errcode?: number; errmsg?: string };
    if (!res.ok || (body.errcode ?? 0) !== 0) throw new Error(`subscribe/send failed: ${res.status} ${body.errcode} ${body.errmsg}`);
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
