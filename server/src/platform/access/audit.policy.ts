import { regionPrefix, type Actor } from '../data-scope';

/**
 * The audit trail is read by auditors only: the platform admin sees every entry (anonymous sign-in
 * failures included); a supervisor sees the entries of actors in their region and below. Verifying the
 * chain is the platform admin's.
 */
export const mayReadAudit = (actor: Actor): boolean => actor.roles.includes('platform_admin') || actor.roles.includes('supervisor');
export const mayVerifyAudit = (actor: Actor): boolean => actor.roles.includes('platform_admin');
/** null: every entry; else the region prefix entries' actors must sit under. */
export const auditRegionPrefix = (actor: Actor): string | null =>
  actor.roles.includes('platform_admin') ? null : regionPrefix(actor.regionCode, actor.regionLevel);
