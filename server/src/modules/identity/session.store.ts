import { createHash, randomBytes } from 'node:crypto';
import type { RedisClient } from '../../platform/redis';
import type { Clock } from '../../platform/clock';
import type { RegionLevel, Role } from '@shared/identity/identity.schemas';

/**
 * What a request needs to know of its user, taken when the session starts so that a request costs one
 * Redis read and no database query. Changing a user's roles, unit or status revokes their sessions.
 */
export interface ActorSnapshot { userId: number; name: string; unitId: number; regionCode: string; regionLevel: RegionLevel; roles: Role[] }
export interface SessionRecord extends ActorSnapshot {
  issuedAt: string; expiresAt: string;
  /** Administrators and supervisors (#19 item 5): the session ends after this many seconds without a request (0/absent: never). */
  idleSeconds?: number;
}

/** How often an idle-limited session's last-seen time is written (a request costs no write within it). */
const SEEN_WRITE_EVERY_MS = 15_000;

/**
 * Session tokens live in Redis under the SHA-256 of the token (a leaked Redis dump gives no usable
 * token). Each user has a set of their token ids so every session can be revoked at once.
 * Expiry is checked against the clock as well as left to Redis TTL.
 */
export class SessionStore {
  /** `maxPerUser`: sessions one user may hold at once; signing in beyond it ends the oldest (0: no cap). */
  constructor(private readonly redis: RedisClient, private readonly clock: Clock, private readonly ttlSeconds: number, private readonly maxPerUser = 0) {}

  async issue(actor: ActorSnapshot, idleSeconds = 0): Promise<{ token: string; tokenId: string; expiresAt: string }> {
    const { userId } = actor;
    const token = randomBytes(32).toString('base64url');
    const tokenId = hashToken(token);
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.ttlSeconds * 1000).toISOString();
    const record: SessionRecord = { ...actor, issuedAt: now.toISOString(), expiresAt, ...(idleSeconds > 0 ? { idleSeconds } : {}) };
    await this.redis.multi()
      .set(`session:${tokenId}`, JSON.stringify(record), 'EX', this.ttlSeconds)
      .set(`session-seen:${tokenId}`, String(now.getTime()), 'EX', this.ttlSeconds)
      .sadd(`user-sessions:${userId}`, tokenId)
      .expire(`user-sessions:${userId}`, this.ttlSeconds)
      .zadd(`user-session-order:${userId}`, now.getTime(), tokenId)
      .expire(`user-session-order:${userId}`, this.ttlSeconds)
      .exec();
    if (this.maxPerUser > 0) await this.capSessions(userId);
    return { token, tokenId, expiresAt };
  }

  /** Ends the user's oldest sessions beyond the cap (sessions of an earlier version have no order: left to expire). */
  private async capSessions(userId: number): Promise<void> {
    const order = `user-session-order:${userId}`;
    const n = await this.redis.zcard(order);
    if (n <= this.maxPerUser) return;
    const oldest = await this.redis.zrange(order, 0, n - this.maxPerUser - 1);
    for (const id of oldest) await this.revokeId(userId, id);
  }

  /** The session for a token, 'expired', 'idle' (unused past its idle limit), or null when unknown or revoked. */
  async resolve(token: string): Promise<(SessionRecord & { tokenId: string }) | 'expired' | 'idle' | null> {
    const tokenId = hashToken(token);
    const raw = await this.redis.get(`session:${tokenId}`);
    if (!raw) return null;
    const rec = JSON.parse(raw) as SessionRecord;
    if (new Date(rec.expiresAt).getTime() <= this.clock.now().getTime()) {
      await this.revokeId(rec.userId, tokenId);
      return 'expired';
    }
    if (rec.idleSeconds) {
      const now = this.clock.now().getTime();
      const seen = Number((await this.redis.get(`session-seen:${tokenId}`)) ?? Date.parse(rec.issuedAt));
      if (now - seen > rec.idleSeconds * 1000) {
        await this.revokeId(rec.userId, tokenId);
        return 'idle';
      }
      if (now - seen > SEEN_WRITE_EVERY_MS) await this.redis.set(`session-seen:${tokenId}`, String(now), 'EX', this.ttlSeconds);
    }
    return { ...rec, tokenId };
  }

  async revokeId(userId: number, tokenId: string): Promise<void> {
    await this.redis.multi().del(`session:${tokenId}`, `session-seen:${tokenId}`).srem(`user-sessions:${userId}`, tokenId).zrem(`user-session-order:${userId}`, tokenId).exec();
  }

  async revokeAll(userId: number): Promise<number> {
    const ids = await this.redis.smembers(`user-sessions:${userId}`);
    if (ids.length) await this.redis.del(...ids.flatMap((id) => [`session:${id}`, `session-seen:${id}`]));
    await this.redis.del(`user-sessions:${userId}`, `user-session-order:${userId}`);
    return ids.length;
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
