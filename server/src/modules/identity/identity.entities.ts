import { RegionEntity, UnitEntity, UserEntity, UserRoleEntity, UserTotpEntity } from './identity.entity';

export const IdentityEntities = [RegionEntity, UnitEntity, UserEntity, UserRoleEntity, UserTotpEntity];
