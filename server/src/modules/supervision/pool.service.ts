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
import type { Scope } from '../../platform/data-scope';
import type { SupervisionRepository } from './supervision.repository';
import { significant } from './supervision.rules';

export interface PoolPorts {
  /** Regions the actor may read (their region and below). */
  regions(actor: RequestActor): Promise<Array<{ code: string; name: string; level: RegionLevel; parentCode: string | null }>>;
  unitIdsInScope(scope: Scope): Promise<number[]>;
  unitsByIds(ids: number[]): Promise<Array<{ id: number; name: string; kind: UnitKind; regionCode: string; phone: string | null; lat: string | number | null; lng: string | number | null }>>;
  vehicleCensus(): Promise<Array<{ ownerUnitId: number; category: VehicleCategory; vehicles: number; withTerminal: number }>>;
  quotaTotals(): Promise<Map<number, number>>;
}


/**
 * The four-level data pool (省→市→县→乡, then units): every unit's figures for a period, summed by
 * region prefix, so a region's figure is the sum of the rows below it by construction.
 */
export class PoolService {
  constructor(private readonly repo: SupervisionRepository, private readonly ports: PoolPorts, private readonly weights: ScoreWeights, private readonly clock: { now(): Date }) {}

  /** Every unit of a region (and below) with its figures for the period; regions read-checked. */
  async unitFigures(actor: RequestActor, regionCode: string, period: string): Promise<{ region: { code: string; name: string; level: RegionLevel }; regions: Awaited<ReturnType<PoolPorts['regions']>>; units: UnitFigures[] }> {
    const regions = await this.ports.regions(actor);
    const region = regions.find((r) => r.code === regionCode);
    if (!region || !canReadPoolRegion(actor, regionCode)) throw new NotFoundError(SupervisionErrorCode.REGION_OUT_OF_SCOPE, `区划 ${regionCode} 不存在或不在您的监管范围内`);
    const prefix = significant(regionCode);
    const { fromDay, toDay, from, to } = periodBounds(period);
    const unitIds = await this.ports.unitIdsInScope({ all: false, regionPrefixes: [prefix], unitIds: [], companyIds: [] });
    const [units, census, quotas, facts, warnings] = await Promise.all([
      this.ports.unitsByIds(unitIds), this.ports.vehicleCensus(), this.ports.quotaTotals(), this.repo.factsByUnit(fromDay, toDay, prefix), this.repo.warningsByUnit(from, to, prefix),
    ]);
    const byCategory = new Map<number, Partial<Record<VehicleCategory, number>>>();
    const figures = new Map<number, PoolFigures>(units.map((u) => [u.id, zero()]));
    const hm = new Map<number, number>();
    for (const c of census) {
      const f = figures.get(c.ownerUnitId);
      if (!f) continue;
      f.vehicles += c.vehicles; f.withTerminal += c.withTerminal;
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
      region, regions,
      units: units.sort((a, b) => a.regionCode.localeCompare(b.regionCode) || a.id - b.id).map((u) => ({
        unitId: u.id, name: u.name, kind: u.kind, regionCode: u.regionCode, phone: u.phone, quota: quotas.get(u.id) ?? 0, byCategory: byCategory.get(u.id) ?? {}, ...figures.get(u.id)!,
        lat: u.lat == null ? null : Number(u.lat), lng: u.lng == null ? null : Number(u.lng),
      })),
    };
  }

  /** A region's figures and the level below it: its sub-regions, then the units sitting in the region itself. */
  async view(actor: RequestActor, q: PoolQuery): Promise<PoolView> {
    const code = q.regionCode ?? actor.regionCode;
    const { region, regions, units } = await this.unitFigures(actor, code, q.period);
    const subRegions = regions.filter((r) => r.parentCode === code).sort((a, b) => a.code.localeCompare(b.code));
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
    const { region, regions, units } = await this.unitFigures(actor, code, q.period);
    const body = await buildAppendixAWorkbook({
      regionName: region.name, regionCode: region.code, period: q.period, regionNames: new Map(regions.map((r) => [r.code, r.name])), units,
      filledBy: actor.name, filledOn: shanghaiDate(this.clock.now()),
    });
    return { fileName: `附录A-纳入信息化平台管理情况统计表-${region.name}-${q.period}.xlsx`, body };
  }
}
