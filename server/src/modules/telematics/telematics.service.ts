import { TelematicsErrorCode } from '@shared/telematics/telematics.errors';
import { ValidationError } from '../../platform/errors';
import type { TerminalRegistry } from './gateway/terminal-registry';
import type { LiveReportListener, LiveReports } from './gateway/live-reports';
import type { LatestPositionStore, LatestPosition } from './latest-position.store';
import type { TelematicsRepository } from './telematics.repository';
import { STATUS } from './jt808';
import { MAX_NEAR_RADIUS_M } from './telematics.rules';
import { MAX_TRACK_HOURS } from '@shared/telematics/telematics.schemas';

/** A vehicle's latest position as the API shows it (WGS-84 degrees; convert to GCJ-02 at display). */
export interface VehiclePositionView {
  vehicleId: number;
  online: boolean;
  position: {
    lat: number;
    lon: number;
    speedKmh: number;
    direction: number;
    gpsTime: string;
    receivedAt: string;
    accOn: boolean;
    doorLocked: boolean;
    alarm: number;
  } | null;
  distanceM?: number;
}

export interface TrackPoint {
  lat: number;
  lon: number;
  speedKmh: number;
  direction: number;
  gpsTime: string;
}

/** Longest track one request may ask for (PIPL: collect and show only what a purpose needs). */
export { MAX_TRACK_HOURS };
const MAX_TRACK_POINTS = 20_000;

/** Read-side use cases: latest positions with online flag, a track, vehicles near a point. */
export class TelematicsService {
  constructor(
    private readonly repo: Pick<TelematicsRepository, 'findTrack'>,
    private readonly latest: LatestPositionStore,
    private readonly registry: TerminalRegistry,
    private readonly live?: LiveReports,
  ) {}

  /**
   * Hears every position report this instance's gateway stores, in batches, right after they are in
   * the history (supervision's per-report rules). An instance without the gateway (an HTTP worker
   * after the first, JT808_ENABLED=false) hears nothing. Returns the way to stop listening.
   */
  onPositionReports(listener: LiveReportListener): () => void {
    return this.live ? this.live.on(listener) : () => undefined;
  }

  /**
   * Odometer readings (0.1 km) the terminals reported since `since`, per vehicle: what 出车 starts
   * from where a terminal reports one (JOURNEYS: prefilled from the terminal).
   */
  async latestOdometers(vehicleIds: number[], since: Date): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    for (const [id, l] of await this.latest.get(vehicleIds)) {
      if (l.odometer != null && Date.parse(l.receivedAt) >= since.getTime()) out.set(id, l.odometer);
    }
    return out;
  }

  /** Fuel levels (0.1 L) in the terminals' latest reports, per vehicle that reports one (TLV 0x02). */
  async latestFuel(vehicleIds: number[]): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    for (const [id, l] of await this.latest.get(vehicleIds)) if (l.fuel != null) out.set(id, l.fuel);
    return out;
  }

  /** Callers pass only vehicle ids already checked against the actor's data scope. */
  async latestPositions(vehicleIds: number[]): Promise<VehiclePositionView[]> {
    const [latest, routes] = await Promise.all([this.latest.get(vehicleIds), this.registry.lookupMany(vehicleIds)]);
    return vehicleIds.map((id) => ({ vehicleId: id, online: routes.has(id), position: view(latest.get(id)) }));
  }

  async track(vehicleId: number, from: Date, to: Date): Promise<TrackPoint[]> {
    if (!(from < to)) throw new ValidationError(TelematicsErrorCode.TRACK_RANGE_INVALID, '轨迹查询的开始时间必须早于结束时间');
    if (to.getTime() - from.getTime() > MAX_TRACK_HOURS * 3600_000) {
      throw new ValidationError(TelematicsErrorCode.TRACK_RANGE_TOO_LONG, `轨迹查询一次最多 ${MAX_TRACK_HOURS} 小时`);
    }
    const rows = await this.repo.findTrack(vehicleId, from, to, MAX_TRACK_POINTS);
    return rows.map((r) => ({
      lat: r.latE6 / 1e6, lon: r.lonE6 / 1e6, speedKmh: Number(r.speed) / 10, direction: Number(r.direction),
      gpsTime: new Date(r.gpsTime).toISOString(),
    }));
  }

  /** Vehicles near a point; `visible` filters to the caller's data scope. */
  async near(lat: number, lon: number, radiusM: number, visible: (vehicleId: number) => boolean): Promise<VehiclePositionView[]> {
    if (radiusM > MAX_NEAR_RADIUS_M) throw new ValidationError(TelematicsErrorCode.RADIUS_TOO_LARGE, `附近车辆查询半径最多 ${MAX_NEAR_RADIUS_M} 米`);
    const found = (await this.latest.near(lat, lon, radiusM)).filter((l) => visible(l.vehicleId));
    const routes = await this.registry.lookupMany(found.map((f) => f.vehicleId));
    return found.map((l) => ({ vehicleId: l.vehicleId, online: routes.has(l.vehicleId), position: view(l), distanceM: l.distanceM }));
  }
}

function view(l: LatestPosition | undefined): VehiclePositionView['position'] {
  if (!l) return null;
  return {
    lat: l.latE6 / 1e6, lon: l.lonE6 / 1e6, speedKmh: l.speed / 10, direction: l.direction, gpsTime: l.gpsTime,
    receivedAt: l.receivedAt, accOn: (l.status & STATUS.acc) !== 0, doorLocked: (l.status & STATUS.doorLocked) !== 0, alarm: l.alarm,
  };
}
