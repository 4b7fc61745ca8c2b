export { NotificationEntities } from './message.entity';
export { NotificationsRepository } from './notifications.repository';
export { NotificationsService, WECHAT_SUBSCRIBER } from './notifications.service';
export type { Notice } from './notifications.service';
export { HttpWechatMessageGateway, messageTemplates, WechatSendError } from './wechat-message.gateway';
export type { WechatMessageGateway, SubscribeMessage } from './wechat-message.gateway';
export { notificationsRoutes } from './notifications.routes';
