import { CommandEntity } from './command.entity';
import { PositionEntity } from './position.entity';
import { AlarmCursorEntity } from './alarm-cursor.entity';

/** The EntitySchemas to register with the platform's DataSource. */
export const TelematicsEntities = [PositionEntity, CommandEntity, AlarmCursorEntity];
