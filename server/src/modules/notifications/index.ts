export { NotificationEntities } from './message.entity';
export { NotificationsRepository } from './notifications.repository';
export { NotificationsService } from './notifications.service';
export type { Notice, OutboxBatch } from './notifications.service';
export { HttpWechatMessageGateway, messageTemplates, WechatSendError } from './wechat-message.gateway';
export { WechatOutboxEntity } from './message.entity';
export type { WechatMessageGateway, SubscribeMessage } from './wechat-message.gateway';
export { notificationsRoutes } from './notifications.routes';
