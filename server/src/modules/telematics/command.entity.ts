import { EntitySchema } from 'typeorm';

/** Persistence shape of a terminal command (table telematics_command). */
export interface CommandRow {
  id: string;
  vehicleId: number;
  kind: string;
  params: string | null;
  idempotencyKey: string | null;
  state: string;
  attempts: number;
  failureCode: string | null;
  failureMessage: string | null;
  /** The lock state the terminal confirmed (status bit 12), null until confirmed. */
  lockState: string | null;
  requestedBy: number | null;
  createdAt: Date;
  deadlineAt: Date;
  updatedAt: Date;
}

export const CommandEntity = new EntitySchema<CommandRow>({
  name: 'TelematicsCommand',
  tableName: 'telematics_command',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    vehicleId: { name: 'vehicle_id', type: 'integer' },
    kind: { type: 'varchar', length: 16 },
    params: { type: 'varchar', length: 255, nullable: true },
    idempotencyKey: { name: 'idempotency_key', type: 'varchar', length: 64, nullable: true },
    state: { type: 'varchar', length: 16 },
    attempts: { type: 'integer', default: 0 },
    failureCode: { name: 'failure_code', type: 'varchar', length: 32, nullable: true },
    failureMessage: { name: 'failure_message', type: 'varchar', length: 255, nullable: true },
    lockState: { name: 'lock_state', type: 'varchar', length: 16, nullable: true },
    requestedBy: { name: 'requested_by', type: 'integer', nullable: true },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
    deadlineAt: { name: 'deadline_at', type: 'datetime', precision: 3 },
    updatedAt: { name: 'updated_at', type: 'datetime', precision: 3 },
  },
});
