export { IdentityService } from './identity.service';
export type { IdentityOptions } from './identity.service';
export { createIdentityModule } from './identity.module';
export type { IdentityModule } from './identity.module';
export { HttpWechatAuthGateway } from './wechat-auth.gateway';
export type { WechatAuthGateway } from './wechat-auth.gateway';
export { authMiddleware } from './auth.middleware';
export type { RegionRow, UnitRow, UserRow } from './identity.entity';
export type { UserWithRoles } from './identity.repository';
