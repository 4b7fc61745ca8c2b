import { SupervisionErrorCode } from '@shared/supervision/supervision.errors';
import type { Assessment, PoolFigures, PoolQuery, PoolRow, PoolView } from '@shared/supervision/supervision.schemas';
import { shanghaiDate } from '@shared/common/time';
import { formulaText, indicators, scoreOf, type ScoreWeights } from './assessment.rules';
import { buildAppendixAWorkbook } from './appendix-a.excel';
import { addFigures, periodBounds, placeOf, zero, type UnitFigures } from './pool.rules';
export type { UnitFigures } from './pool.rules';
import type { RegionLevel, UnitKind } from '@shared/identity/identity.schemas';
import type { VehicleCategory } from '@shared/fleet/fleet.schemas';
import { NotFoundError } from '../../platform/errors';
import { canReadPoolRegion, type RequestActor } from '../../platform/access';
import type { SupervisionRepository } from './supervision.repository';
import { significant } from './supervision.rules';

type PoolRegion = { code: string; name: string; level: RegionLevel; parentCode: string | null };

export interface PoolPorts {
  /** Regions the actor may read (their region and below): Appendix A names the units' regions by them. */
  regions(actor: RequestActor): Promise<PoolRegion[]>;
  /** A region and the regions directly under it (null: no such region); the pool applies its policy first. */
  regionAndChildren(code: string): Promise<{ region: PoolRegion; children: PoolRegion[] } | null>;
  /** The units of a region prefix and below, without personal data. */
  unitPlacesUnder(regionPrefix: string): Promise<Array<{ id: number; name: string; kind: UnitKind; regionCode: string; lat: string | number | null; lng: string | number | null }>>;
  /** Units with their phone (Appendix A lists it). */
  unitsByIds(ids: number[]): Promise<Array<{ id: number; phone: string | null }>>;
  /** Vehicles of a region prefix and below (not disposed nor exempted) per owner (and category): one GROUP BY in fleet. */
  censusUnder(regionPrefix: string, byCategory: boolean): Promise<Array<{ ownerUnitId: number; category: VehicleCategory | null; vehicles: number; withTerminal: number }>>;
  quotaTotals(unitIds: number[]): Promise<Map<number, number>>;
}


/**
 * The four-level data pool (省→市→县→乡, then units): every unit's figures for a period, summed by
 * region prefix, so a region's figure is the sum of the rows below it by construction. A view reads
 * the region and its children, the units below it (no personal data), and per unit: fleet's census
 * (one GROUP BY over the region's vehicles), the trips (the units' monthly figures for a month, the
 * day's facts for a day) and the warnings — indexed GROUP BYs, a few thousand rows for a province;
 * Appendix A adds the quotas, the vehicles by category and the units' phones.
 */
export class PoolService {
  constructor(private readonly repo: SupervisionRepository, private readonly ports: PoolPorts, private readonly weights: ScoreWeights, private readonly clock: { now(): Date }) {}

  /**
   * Every unit of a region (and below) with its figures for the period; the region read-checked (404
   * outside the actor's). `appendix`: with what Appendix A lists besides (quota, by category, phone).
   */
  async unitFigures(actor: RequestActor, regionCode: string, period: string, opts: { appendix?: boolean } = {}): Promise<{ region: PoolRegion; children: PoolRegion[]; units: UnitFigures[] }> {
    const missing = () => new NotFoundError(SupervisionErrorCode.REGION_OUT_OF_SCOPE, `区划 ${regionCode} 不存在或不在您的监管范围内`);
    if (!canReadPoolRegion(actor, regionCode)) throw missing();
    const prefix = significant(regionCode);
    const { fromDay, toDay, from, to } = periodBounds(period);
    // One round of indexed reads side by side; Appendix A's quotas and phones once the units are known.
    const unitsRead = this.ports.unitPlacesUnder(prefix);
    const ids = () => unitsRead.then((us) => us.map((u) => u.id));
    const [found, units, census, facts, warnings, quotas, phones] = await Promise.all([
      this.ports.regionAndChildren(regionCode), unitsRead, this.ports.censusUnder(prefix, !!opts.appendix),
      this.repo.factsByUnit(fromDay, toDay, prefix), this.repo.warningsByUnit(from, to, prefix),
      opts.appendix ? ids().then((x) => this.ports.quotaTotals(x)) : new Map<number, number>(),
      opts.appendix ? ids().then((x) => this.ports.unitsByIds(x)).then((rows) => new Map(rows.map((u) => [u.id, u.phone]))) : new Map<number, string | null>(),
    ]);
    if (!found) throw missing();
    const byCategory = new Map<number, Partial<Record<VehicleCategory, number>>>();
    const figures = new Map<number, PoolFigures>(units.map((u) => [u.id, zero()]));
    const hm = new Map<number, number>();
    for (const c of census) {
      const f = figures.get(c.ownerUnitId);
      if (!f) continue;
      f.vehicles += c.vehicles; f.withTerminal += c.withTerminal;
      if (!c.category) continue;
      const cats = byCategory.get(c.ownerUnitId) ?? {};
      cats[c.category] = (cats[c.category] ?? 0) + c.vehicles;
      byCategory.set(c.ownerUnitId, cats);
    }
    for (const x of facts) {
      const f = figures.get(x.unitId);
      if (f) { f.trips += x.trips; f.costFen += x.costFen; hm.set(x.unitId, (hm.get(x.unitId) ?? 0) + x.distanceHm); }
    }
    for (const w of warnings) {
      const f = figures.get(w.unitId);
      if (f) { f.warnings += w.warnings; f.warningsRed += w.red; f.warningsClosed += w.closed; }
    }
    for (const [id, v] of hm) figures.get(id)!.distanceKm = v / 10;
    return {
      region: found.region, children: found.children,
      units: units.sort((a, b) => (a.regionCode < b.regionCode ? -1 : a.regionCode > b.regionCode ? 1 : a.id - b.id)).map((u) => ({
        unitId: u.id, name: u.name, kind: u.kind, regionCode: u.regionCode, phone: phones.get(u.id) ?? null, quota: quotas.get(u.id) ?? 0, byCategory: byCategory.get(u.id) ?? {}, ...figures.get(u.id)!,
        lat: u.lat == null ? null : Number(u.lat), lng: u.lng == null ? null : Number(u.lng),
      })),
    };
  }

  /** A region's figures and the level below it: its sub-regions, then the units sitting in the region itself. */
  async view(actor: RequestActor, q: PoolQuery): Promise<PoolView> {
    const code = q.regionCode ?? actor.regionCode;
    const { region, children: subRegions, units } = await this.unitFigures(actor, code, q.period);
    const children: PoolRow[] = [];
    const placed = new Set<number>();
    for (const r of subRegions) {
      const p = significant(r.code);
      const inside = units.filter((u) => u.regionCode.startsWith(p));
      inside.forEach((u) => placed.add(u.unitId));
      children.push({ key: r.code, name: r.name, level: r.level, ...addFigures(inside), ...placeOf(inside) });
    }
    // Units in the region itself (or in a sub-region the register lacks) are listed as units.
    for (const u of units.filter((x) => !placed.has(x.unitId)).sort((a, b) => a.unitId - b.unitId)) {
      children.push({ key: `unit:${u.unitId}`, name: u.name, level: 'unit', ...addFigures([u]), ...placeOf([u]) });
    }
    return { region: { key: region.code, name: region.name, level: region.level, ...addFigures(units), ...placeOf(units) }, period: q.period, children };
  }

  /** 考核评估: each unit with vehicles in the region scored for the month, best first (ties by unit id). */
  async assessment(actor: RequestActor, q: { regionCode?: string; period: string }): Promise<Assessment> {
    const code = q.regionCode ?? actor.regionCode;
    const { region, units } = await this.unitFigures(actor, code, q.period);
    const scored = units.filter((u) => u.vehicles > 0).map((u) => {
      const figures = addFigures([u]);
      return {
        unitId: u.unitId, unitName: u.name, regionCode: u.regionCode, score: scoreOf(figures, this.weights), indicators: indicators(figures),
        costPerVehicleFen: Math.round(u.costFen / u.vehicles), figures,
      };
    }).sort((a, b) => b.score - a.score || a.unitId - b.unitId);
    let rank = 0;
    const items = scored.map((s, i) => {
      if (i === 0 || s.score !== scored[i - 1].score) rank = i + 1;
      return { rank, ...s };
    });
    return { regionCode: region.code, regionName: region.name, period: q.period, formula: formulaText(this.weights), items };
  }

  /** 附录A for a region and period, as an Excel workbook. */
  async appendixA(actor: RequestActor, q: { regionCode?: string; period: string }): Promise<{ fileName: string; body: Buffer }> {
    const code = q.regionCode ?? actor.regionCode;
    const [{ region, units }, regions] = await Promise.all([this.unitFigures(actor, code, q.period, { appendix: true }), this.ports.regions(actor)]);
    const body = await buildAppendixAWorkbook({
      regionName: region.name, regionCode: region.code, period: q.period, regionNames: new Map(regions.map((r) => [r.code, r.name])), units,
      filledBy: actor.name, filledOn: shanghaiDate(this.clock.now()),
    });
    return { fileName: `附录A-纳入信息化平台管理情况统计表-${region.name}-${q.period}.xlsx`, body };
  }
}
