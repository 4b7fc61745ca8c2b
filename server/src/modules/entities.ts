import { FleetEntities } from './fleet';
import { IdentityEntities } from './identity';

/** Every TypeORM EntitySchema of every module; the DataSource is opened with this list. */
export const allEntities = [...IdentityEntities, ...FleetEntities];
