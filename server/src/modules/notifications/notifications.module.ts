import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import type { EventBus } from '../../platform/events';
import type { Logger } from '../../platform/logger';
import type { ApiRouter } from '../../platform/http/api-router';
import type { IdentityService } from '../identity';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { notificationsRoutes } from './notifications.routes';
import type { MessageTemplates, WechatMessageGateway } from './wechat-message.gateway';

export interface NotificationsModule {
  notifications: NotificationsService;
  router: ApiRouter;
}

/** In-app messages and WeChat subscribe messages (the subscriber registers on the event bus here). */
export function createNotificationsModule(deps: {
  db: Database;
  identity: Pick<IdentityService, 'openidsOf'>;
  wechat: WechatMessageGateway;
  templates: MessageTemplates;
  clock: Clock;
  logger: Logger;
  events: EventBus;
}): NotificationsModule {
  const notifications = new NotificationsService(new NotificationsRepository(deps.db), deps.identity, deps.wechat, deps.templates, deps.clock, deps.logger, deps.events);
  return { notifications, router: notificationsRoutes(notifications) };
}
