import { IdentityFleet1764100000000 } from './1764100000000-identity-fleet';

/** Every migration, in order. A migration is never edited after it lands: a change is a new one. */
export const migrations = [IdentityFleet1764100000000];
