import { RegionEntity, UnitEntity, UserEntity, UserRoleEntity } from './identity.entity';

export const IdentityEntities = [RegionEntity, UnitEntity, UserEntity, UserRoleEntity];
