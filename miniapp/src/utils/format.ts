/**
 * Display helpers for pages (JOURNEYS.md "Everyone"): one place to import them from, so the
 * rules themselves stay in shared/ where the server's exports use them too.
 */
import { roleLabel, type Role } from '@shared/identity/identity.schemas';

export { formatShanghai, maskPhone, formatPlate } from '@shared/common/format';
export { formatYuan } from '@shared/common/money';

export function roleNames(roles: readonly Role[]): string {
  return roles.map((r) => roleLabel[r]).join('、');
}
