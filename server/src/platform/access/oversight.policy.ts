import { isReadOnlyRoles, oversightRoles, type Role } from '@shared/identity/identity.schemas';
import type { Actor } from '../data-scope';

/**
 * Read-only oversight accounts (#21 item 4): the discipline inspection commission (纪检监察), the
 * finance bureau (财政部门) and the audit bureau (审计部门) of a region see that region's warnings,
 * trips and figures — the region they sit at and below, as a supervisor does (data-scope.ts) — and
 * change nothing: every request of theirs that is not a read is refused (403) before any handler,
 * except for their own session (sign-out, second factor) and their own messages.
 */
export const OVERSIGHT_ROLES = oversightRoles;
export type OversightRole = (typeof OVERSIGHT_ROLES)[number];

export const isOversightRole = (r: Role): boolean => (OVERSIGHT_ROLES as readonly Role[]).includes(r);

/** An actor whose every role is an oversight role reads only. */
export const isReadOnlyActor = (actor: Pick<Actor, 'roles'>): boolean => isReadOnlyRoles(actor.roles);

/** What a read-only account may still send: its own session and second factor, its own messages read. */
const OWN_WRITES = [/^\/api\/auth\//, /^\/api\/me(\/|$)/, /^\/api\/messages(\/|$)/];

/** Whether a route of this method and path is open to the actor as far as read-only accounts go. */
export const mayUseMethod = (actor: Pick<Actor, 'roles'>, method: string, path: string): boolean =>
  method.toLowerCase() === 'get' || !isReadOnlyActor(actor) || OWN_WRITES.some((re) => re.test(path));

/** Roles that read the supervision side of a region: supervisors and the oversight bureaus. */
export const REGION_READERS = ['supervisor', ...OVERSIGHT_ROLES] as const satisfies readonly Role[];
