import type { Actor } from '../data-scope';

/**
 * The upward feed to supervision is the platform's own link: only the platform admin watches it (lag,
 * failures, counts) and asks for a period to be sent again; a supervisor's scope is a region, not the link.
 */
export const mayWatchFeed = (actor: Actor): boolean => actor.roles.includes('platform_admin');
export const mayResendFeed = (actor: Actor): boolean => actor.roles.includes('platform_admin');
