import { In } from 'typeorm';
import type { TestApp } from './test-deps';
import { DomainEventEntity, EventDeliveryEntity } from '../../server/src/platform/events/outbox.entity';
import { WECHAT_SUBSCRIBER } from '../../server/src/modules/notifications';
import type { WechatMessageRequested } from '@shared/notifications/notifications.events';

export interface WechatRequest {
  eventId: number; title: string; page: string; templateId: string; openid: string;
  status: string; attempts: number; lastError: string | null; nextAttemptAt: Date;
}

/** The WeChat subscribe messages asked for a user (outbox events) with their delivery, oldest first. */
export async function wechatRequests(t: TestApp, userId: number): Promise<WechatRequest[]> {
  const events = (await t.deps.db.manager.find(DomainEventEntity, { where: { type: 'notification.wechat_requested' }, order: { id: 'ASC' } }))
    .map((e) => ({ e, p: JSON.parse(e.payloadJson) as WechatMessageRequested })).filter((x) => x.p.userId === userId);
  const deliveries = events.length ? await t.deps.db.manager.find(EventDeliveryEntity, { where: { eventId: In(events.map((x) => x.e.id)), subscriber: WECHAT_SUBSCRIBER } }) : [];
  return events.map(({ e, p }) => {
    const d = deliveries.find((x) => x.eventId === e.id)!;
    return {
      eventId: e.id, title: p.data.thing1?.value ?? '', page: p.page, templateId: p.templateId, openid: p.openid,
      status: d.status, attempts: d.attempts, lastError: d.lastError, nextAttemptAt: new Date(d.nextAttemptAt),
    };
  });
}
