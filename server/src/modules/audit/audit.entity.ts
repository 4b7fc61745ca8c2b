import { EntitySchema } from 'typeorm';

/**
 * One audit entry. `seq` is given by the chain head (no gaps: a missing number is a deleted entry);
 * `hash` = SM3(prevHash ‖ the entry's fields), so an edited entry no longer matches its hash and a
 * removed one breaks the link of the next. `at` is kept as ISO text so the hashed value reads back
 * identically on MariaDB and SQLite.
 */
export interface AuditLogRow {
  seq: number; at: string; actorUserId: number | null; actorName: string | null; actorRoles: string;
  unitId: number | null; regionCode: string | null; action: string; label: string;
  objectType: string | null; objectId: string | null; ip: string; outcome: string; status: number;
  requestId: string; errorCode: string | null; prevHash: string; hash: string;
}
/** The chain's head (one row): the last number given and its hash; appends lock it. */
export interface AuditHeadRow { id: number; lastSeq: number; lastHash: string }

export const AuditLogEntity = new EntitySchema<AuditLogRow>({
  name: 'AuditLog', tableName: 'audit_log',
  columns: {
    seq: { type: 'integer', primary: true },
    at: { type: 'varchar', length: 24 },
    actorUserId: { name: 'actor_user_id', type: 'integer', nullable: true },
    actorName: { name: 'actor_name', type: 'varchar', length: 64, nullable: true },
    actorRoles: { name: 'actor_roles', type: 'varchar', length: 200 },
    unitId: { name: 'unit_id', type: 'integer', nullable: true },
    regionCode: { name: 'region_code', type: 'varchar', length: 9, nullable: true },
    action: { type: 'varchar', length: 160 },
    label: { type: 'varchar', length: 128 },
    objectType: { name: 'object_type', type: 'varchar', length: 48, nullable: true },
    objectId: { name: 'object_id', type: 'varchar', length: 64, nullable: true },
    ip: { type: 'varchar', length: 64 },
    outcome: { type: 'varchar', length: 8 },
    status: { type: 'integer' },
    requestId: { name: 'request_id', type: 'varchar', length: 64 },
    errorCode: { name: 'error_code', type: 'varchar', length: 64, nullable: true },
    prevHash: { name: 'prev_hash', type: 'varchar', length: 64 },
    hash: { type: 'varchar', length: 64 },
  },
});

export const AuditHeadEntity = new EntitySchema<AuditHeadRow>({
  name: 'AuditHead', tableName: 'audit_head',
  columns: {
    id: { type: 'integer', primary: true },
    lastSeq: { name: 'last_seq', type: 'integer' },
    lastHash: { name: 'last_hash', type: 'varchar', length: 64 },
  },
});

export const AuditEntities = [AuditLogEntity, AuditHeadEntity];
