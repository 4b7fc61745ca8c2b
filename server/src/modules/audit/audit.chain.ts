import { sm3Hex } from '../../platform/crypto/sm';
import type { AuditLogRow } from './audit.entity';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers, in a fixed order (everything but the hash itself). */
export function entryHash(row: Omit<AuditLogRow, 'hash'>): string {
  const fields = [
    row.seq, row.at, row.actorUserId, row.actorName, row.actorRoles, row.unitId, row.regionCode, row.action, row.label,
    row.objectType, row.objectId, row.ip, row.outcome, row.status, row.requestId, row.errorCode,
  ];
  return sm3Hex(`${row.prevHash}|${JSON.stringify(fields)}`);
}
