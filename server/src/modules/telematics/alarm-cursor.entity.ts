import { EntitySchema } from 'typeorm';

/** The digest of the last batch of the alarm queue recorded into the outbox (one row, id 1). */
export interface AlarmCursorRow { id: number; lastBatch: string }

export const AlarmCursorEntity = new EntitySchema<AlarmCursorRow>({
  name: 'TelematicsAlarmCursor', tableName: 'telematics_alarm_cursor',
  columns: {
    id: { type: 'integer', primary: true },
    lastBatch: { name: 'last_batch', type: 'varchar', length: 64 },
  },
});
