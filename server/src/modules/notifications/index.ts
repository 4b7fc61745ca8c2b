export { NotificationsService, WECHAT_SUBSCRIBER } from './notifications.service';
export type { Notice, TemplateFamily } from './notifications.service';
export { createNotificationsModule } from './notifications.module';
export type { NotificationsModule } from './notifications.module';
export { HttpWechatMessageGateway, messageTemplates, WechatSendError } from './wechat-message.gateway';
export type { WechatMessageGateway, SubscribeMessage, MessageTemplates } from './wechat-message.gateway';
