import type Redis from 'ioredis';
import type { PositionRecord } from './telematics.ports';
import { cellOf, cellsAround, distanceM, MAX_NEAR_RADIUS_M } from './telematics.rules';

/** The latest position of a vehicle, as kept in Redis. */
export interface LatestPosition {
  vehicleId: number;
  phone: string;
  latE6: number;
  lonE6: number;
  speed: number;
  direction: number;
  alarm: number;
  status: number;
  gpsTime: string;
  receivedAt: string;
  /** The vehicle's odometer as the terminal reports it (TLV 0x01, 0.1 km); absent when not reported. */
  odometer?: number | null;
  /** Fuel level as the terminal reports it (TLV 0x02, 0.1 L); absent when not reported. */
  fuel?: number | null;
}

/**
 * Latest position per vehicle in a Redis hash, and a "near me" index of grid-cell sorted sets
 * (one per ~5 km cell). ioredis-mock has no GEO commands, and hashes and sorted sets work on both.
 */
export class LatestPositionStore {
  constructor(private readonly redis: Redis, private readonly prefix = 'tm:') {}

  /** Writes the newest record per vehicle of a batch; older ones in the same batch are skipped. */
  async update(records: PositionRecord[]): Promise<void> {
    const newest = new Map<number, PositionRecord>();
    for (const r of records) {
      const cur = newest.get(r.vehicleId);
      if (r.source !== 'backfill' && (!cur || cur.gpsTime <= r.gpsTime)) newest.set(r.vehicleId, r);
    }
    if (newest.size === 0) return;
    const ids = [...newest.keys()].map(String);
    const prevCells = await this.redis.hmget(`${this.prefix}vcell`, ...ids);
    // Few commands per batch, not a few per vehicle: one HSET for all latest positions, one ZADD per cell.
    const latest: Record<string, string> = {};
    const moved: Record<string, string> = {};
    const adds = new Map<string, Array<string | number>>();
    const removes = new Map<string, string[]>();
    let i = 0;
    for (const r of newest.values()) {
      const id = String(r.vehicleId);
      const cell = cellOf(r.latE6, r.lonE6);
      const prev = prevCells[i++];
      const l: LatestPosition = {
        vehicleId: r.vehicleId, phone: r.phone, latE6: r.latE6, lonE6: r.lonE6, speed: r.speed,
        direction: r.direction, alarm: r.alarm, status: r.status,
        gpsTime: r.gpsTime.toISOString(), receivedAt: r.receivedAt.toISOString(), odometer: r.odometer, fuel: r.fuel ?? null,
      };
      latest[id] = JSON.stringify(l);
      if (prev !== cell) {
        if (prev) {
          const list = removes.get(prev) ?? [];
          list.push(id);
          removes.set(prev, list);
        }
        moved[id] = cell;
      }
      const add = adds.get(cell) ?? [];
      add.push(r.receivedAt.getTime(), id);
      adds.set(cell, add);
    }
    const p = this.redis.pipeline();
    p.hset(`${this.prefix}latest`, latest);
    if (Object.keys(moved).length) p.hset(`${this.prefix}vcell`, moved);
    for (const [cell, members] of removes) p.zrem(`${this.prefix}cell:${cell}`, ...members);
    for (const [cell, args] of adds) p.zadd(`${this.prefix}cell:${cell}`, ...args);
    await p.exec();
  }

  async get(vehicleIds: number[]): Promise<Map<number, LatestPosition>> {
    const out = new Map<number, LatestPosition>();
    if (vehicleIds.length === 0) return out;
    const raw = await this.redis.hmget(`${this.prefix}latest`, ...vehicleIds.map(String));
    raw.forEach((s, i) => {
      if (s) out.set(vehicleIds[i], JSON.parse(s) as LatestPosition);
    });
    return out;
  }

  /** Vehicles whose latest position lies within `radiusM` of a point, nearest first. */
  async near(lat: number, lon: number, radiusM: number): Promise<Array<LatestPosition & { distanceM: number }>> {
    const radius = Math.min(radiusM, MAX_NEAR_RADIUS_M);
    const p = this.redis.pipeline();
    for (const cell of cellsAround(lat, lon, radius)) p.zrange(`${this.prefix}cell:${cell}`, 0, -1);
    const results = (await p.exec()) ?? [];
    const ids = new Set<number>();
    for (const [err, members] of results) {
      if (!err && Array.isArray(members)) for (const m of members) ids.add(Number(m));
    }
    const latest = await this.get([...ids]);
    return [...latest.values()]
      .map((l) => ({ ...l, distanceM: Math.round(distanceM(lat, lon, l.latE6 / 1e6, l.lonE6 / 1e6)) }))
      .filter((l) => l.distanceM <= radius)
      .sort((a, b) => a.distanceM - b.distanceM);
  }
}
