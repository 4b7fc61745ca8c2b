import type { Actor, Scope } from '../data-scope';

/**
 * Who is acting, as domain code sees them: the user with their data scope, name and session. The
 * http layer puts one on each request (auth middleware); services and policies take it from here,
 * not from platform/http, so a job or an event handler can act too.
 */
export interface RequestActor extends Actor { scope: Scope; name: string; tokenId: string }
