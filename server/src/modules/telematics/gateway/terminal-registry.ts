import type Redis from 'ioredis';

/** Where a terminal's connection lives: which worker, which connection. */
export interface TerminalRoute {
  workerId: string;
  connId: string;
  phone: string;
}

/**
 * "vehicle → worker" registry in Redis. An entry expires unless the worker refreshes it (heartbeats),
 * so a crashed worker's terminals count as offline after the TTL.
 */
export class TerminalRegistry {
  constructor(private readonly redis: Redis, private readonly ttlSeconds: number, private readonly prefix = 'tm:') {}

  private key(vehicleId: number): string {
    return `${this.prefix}conn:${vehicleId}`;
  }

  /** Claims the vehicle for a connection; returns the route it replaces, if any. */
  async claim(vehicleId: number, route: TerminalRoute): Promise<TerminalRoute | null> {
    const prev = await this.redis.getset(this.key(vehicleId), encode(route));
    await this.redis.expire(this.key(vehicleId), this.ttlSeconds);
    const old = prev ? decode(prev) : null;
    return old && !(old.workerId === route.workerId && old.connId === route.connId) ? old : null;
  }

  async refresh(vehicleId: number, route: TerminalRoute): Promise<void> {
    await this.redis.set(this.key(vehicleId), encode(route), 'EX', this.ttlSeconds);
  }

  /** Removes the entry only if it still names this connection (a newer one may have replaced it). */
  async release(vehicleId: number, route: TerminalRoute): Promise<void> {
    const cur = await this.redis.get(this.key(vehicleId));
    if (cur === encode(route)) await this.redis.del(this.key(vehicleId));
  }

  async lookup(vehicleId: number): Promise<TerminalRoute | null> {
    const v = await this.redis.get(this.key(vehicleId));
    return v ? decode(v) : null;
  }

  async lookupMany(vehicleIds: number[]): Promise<Map<number, TerminalRoute>> {
    const out = new Map<number, TerminalRoute>();
    if (vehicleIds.length === 0) return out;
    const vals = await this.redis.mget(...vehicleIds.map((id) => this.key(id)));
    vals.forEach((v, i) => {
      if (v) out.set(vehicleIds[i], decode(v));
    });
    return out;
  }
}

function encode(r: TerminalRoute): string {
  return `${r.workerId}|${r.connId}|${r.phone}`;
}
function decode(s: string): TerminalRoute {
  const [workerId, connId, phone] = s.split('|');
  return { workerId, connId, phone };
}
