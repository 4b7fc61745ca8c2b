import { formatShanghai, shanghaiDate } from '@shared/common/time';
import { formatPlate } from '@shared/common/format';
import { haversineMetres } from '@shared/common/geo';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { SupervisionRepository } from './supervision.repository';
import type { RuleSettings } from './supervision.rules';
import type { EnginePorts, WarningEngine } from './warning-engine';

/** Whether a bound terminal last heard at `lastMs` is silent too long at `nowMs`. */
export const silentTooLong = (lastMs: number, nowMs: number, afterMs: number): boolean => nowMs - lastMs >= afterMs;

/** How far (metres) a car's last position is outside its spot's circle; ≤ 0 at the spot. */
export const metresAwayFromSpot = (p: { lat: number; lng: number }, spot: { lat: number; lng: number; radiusM: number }): number =>
  haversineMetres(p, spot) - spot.radiusM;

/**
 * The scheduled checks of #18 item 1 that look at the fleet rather than a report: overnight parking
 * away from the designated spot, terminals silent too long, units over their 编制. Each raises through
 * the engine (the rule's region switch, grading, the loop) on a key that makes a second run, or a
 * second instance, raise nothing more.
 */
export class FleetChecks {
  constructor(
    private readonly engine: Pick<WarningEngine, 'raise'>, private readonly repo: SupervisionRepository, private readonly clock: Clock,
    private readonly ports: Pick<EnginePorts, 'vehiclesByIds' | 'vehiclesWithTerminals' | 'latestPositions' | 'quotaBreaches'>,
    private readonly settings: RuleSettings, private readonly logger: Logger,
  ) {}

  /**
   * 未按规定停放过夜: at the configured hour (23:00 Beijing time by default), each car with a designated
   * spot whose last known position is outside it. Once per car and night (the Beijing date of the check).
   * A car whose terminal never reported is left to 终端长时间离线.
   */
  async checkOvernightParking(): Promise<number> {
    const now = this.clock.now();
    const spots = await this.repo.parkingSpots();
    if (!spots.length) return 0;
    const cars = new Map((await this.ports.vehiclesByIds(spots.map((s) => s.vehicleId))).map((v) => [v.id, v]));
    const positions = new Map((await this.ports.latestPositions(spots.map((s) => s.vehicleId))).map((p) => [p.vehicleId, p.position]));
    let raised = 0;
    for (const s of spots) {
      const car = cars.get(s.vehicleId);
      const pos = positions.get(s.vehicleId);
      if (!car || !pos) continue;
      const away = metresAwayFromSpot({ lat: pos.lat, lng: pos.lon }, s);
      if (away <= 0) continue;
      const w = await this.engine.raise({
        kind: 'overnight_parking_away', dedupeKey: `overnight:${car.id}:${shanghaiDate(now)}`, vehicle: car, unitId: car.ownerUnitId, regionCode: car.regionCode,
        title: `${formatPlate(car.plate)} 未在定点停放`,
        detail: `${formatShanghai(now)} 检查：最后定位（${formatShanghai(pos.receivedAt)}，${pos.lat.toFixed(5)}, ${pos.lon.toFixed(5)}）距定点停放位置「${s.name}」约 ${Math.round(away + s.radiusM)} 米（允许 ${s.radiusM} 米）`,
        occurredAt: now,
      });
      if (w) raised++;
    }
    if (raised) this.logger.info({ raised }, 'supervision: overnight parking warnings raised');
    return raised;
  }

  /**
   * 终端长时间离线: a car with a bound terminal whose last report is older than the threshold (24 h).
   * One warning per silence (keyed by the last report): a terminal heard again and silent again later
   * raises a new one. The warning is not closed by itself when the terminal comes back: the unit checks
   * it (核查, e.g. 车辆送修) or appeals it like any other, so the silence stays on record for 考核.
   * Judged from the last stored position report rather than the gateway's terminal.online/offline
   * messages: those are one instance's connection news on a channel, not kept, while the latest position
   * is kept for every car whichever instance received it. A terminal never heard from is not judged
   * (when it was fitted is not known here).
   */
  async checkTerminalsOffline(): Promise<number> {
    const now = this.clock.now();
    const cars = await this.ports.vehiclesWithTerminals();
    if (!cars.length) return 0;
    const positions = await this.ports.latestPositions(cars.map((c) => c.id));
    const byId = new Map(cars.map((c) => [c.id, c]));
    let raised = 0;
    for (const p of positions) {
      const car = byId.get(p.vehicleId);
      if (!car || !p.position) continue;
      const lastMs = Date.parse(p.position.receivedAt);
      if (!silentTooLong(lastMs, now.getTime(), this.settings.offlineAfterMs)) continue;
      const hours = Math.floor((now.getTime() - lastMs) / 3600_000);
      const w = await this.engine.raise({
        kind: 'terminal_offline', dedupeKey: `offline:${car.id}:${lastMs}`, vehicle: car, unitId: car.ownerUnitId, regionCode: car.regionCode,
        title: `${formatPlate(car.plate)} 终端离线 ${hours} 小时`,
        detail: `终端最后一次上报 ${formatShanghai(lastMs)}（${p.position.lat.toFixed(5)}, ${p.position.lon.toFixed(5)}），至 ${formatShanghai(now)} 已 ${hours} 小时无任何上报`,
        occurredAt: new Date(lastMs + this.settings.offlineAfterMs),
      });
      if (w) raised++;
    }
    if (raised) this.logger.info({ raised }, 'supervision: terminal offline warnings raised');
    return raised;
  }

  /**
   * 超编制配备: a unit holding more vehicles of a category than its 编制. The warning is about the unit,
   * not a car (no vehicle); one per unit, category and figures (a change of quota or count is a new fact).
   */
  async checkQuotas(): Promise<number> {
    const now = this.clock.now();
    let raised = 0;
    for (const b of await this.ports.quotaBreaches()) {
      const w = await this.engine.raise({
        kind: 'over_quota', dedupeKey: `quota:${b.unitId}:${b.category}:${b.quota}:${b.used}`, vehicle: null, unitId: b.unitId, regionCode: b.regionCode,
        title: `${b.unitName} ${b.categoryLabel}超编 ${b.used - b.quota} 辆`,
        detail: `${b.categoryLabel}核定编制 ${b.quota} 辆，登记在册 ${b.used} 辆（${formatShanghai(now)} 检查）`,
        occurredAt: now,
      });
      if (w) raised++;
    }
    if (raised) this.logger.info({ raised }, 'supervision: over-quota warnings raised');
    return raised;
  }
}
