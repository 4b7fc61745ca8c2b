import type { EntitySubscriberInterface, InsertEvent, UpdateEvent } from 'typeorm';
import { piiCipher } from './pii';

/**
 * Keeps the lookup hash beside an encrypted phone: on every insert or update through TypeORM (save, insert,
 * update) of an entity with `phone` and `phoneHash`, the hash is recomputed from the clear phone, so no write
 * path can leave a stale hash behind.
 */
export class PiiLookupHashSubscriber implements EntitySubscriberInterface {
  beforeInsert(event: InsertEvent<Record<string, unknown>>): void {
    fill(event.metadata.propertiesMap, event.entity);
  }

  beforeUpdate(event: UpdateEvent<Record<string, unknown>>): void {
    fill(event.metadata.propertiesMap, event.entity as Record<string, unknown> | undefined);
  }
}

function fill(properties: Record<string, unknown>, entity: Record<string, unknown> | undefined): void {
  if (!entity || !('phoneHash' in properties) || !('phone' in properties)) return;
  const phone = entity.phone;
  if (typeof phone === 'string' && phone !== '') entity.phoneHash = piiCipher().lookupHash(phone);
  else if (phone === null) entity.phoneHash = null;
}
