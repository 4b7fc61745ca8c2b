import type { PoolFigures } from '@shared/supervision/supervision.schemas';
import type { UnitKind } from '@shared/identity/identity.schemas';
import type { VehicleCategory } from '@shared/fleet/fleet.schemas';
import { shanghaiInstant } from '@shared/common/time';

/** A unit's figures in the pool for a period, with what Appendix A lists of it. */
export interface UnitFigures extends PoolFigures {
  unitId: number; name: string; kind: UnitKind; regionCode: string; phone: string | null;
  /** 编制 quota and vehicles held by category (Appendix A). */
  quota: number; byCategory: Partial<Record<VehicleCategory, number>>;
  /** Where the unit sits (GCJ-02, as its address was found), for the region's map; null when unknown. */
  lat: number | null; lng: number | null;
}

/** A place for a row of the pool on the region's map: the unit's own, or the middle of a region's units that have one. */
export function placeOf(units: Array<{ lat: number | null; lng: number | null }>): { lat: number | null; lng: number | null } {
  const placed = units.filter((u) => u.lat != null && u.lng != null);
  if (!placed.length) return { lat: null, lng: null };
  const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 1e6) / 1e6;
  return { lat: mean(placed.map((u) => u.lat!)), lng: mean(placed.map((u) => u.lng!)) };
}

export const zero = (): PoolFigures => ({ vehicles: 0, withTerminal: 0, trips: 0, distanceKm: 0, costFen: 0, warnings: 0, warningsRed: 0, warningsClosed: 0 });

/** Adds figures; distances summed in 0.1 km so a sum of sums is exact. */
export function addFigures(rows: PoolFigures[]): PoolFigures {
  const out = zero();
  let hm = 0;
  for (const r of rows) {
    out.vehicles += r.vehicles; out.withTerminal += r.withTerminal; out.trips += r.trips; hm += Math.round(r.distanceKm * 10);
    out.costFen += r.costFen; out.warnings += r.warnings; out.warningsRed += r.warningsRed; out.warningsClosed += r.warningsClosed;
  }
  out.distanceKm = hm / 10;
  return out;
}

/** The period's days (inclusive) and instants [from, to): a day 2026-11-05 or a month 2026-11, in Shanghai time. */
export function periodBounds(period: string): { fromDay: string; toDay: string; from: Date; to: Date } {
  if (period.length === 10) {
    const from = shanghaiInstant(period);
    return { fromDay: period, toDay: period, from, to: new Date(from.getTime() + 86_400_000) };
  }
  const [y, m] = period.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { fromDay: `${period}-01`, toDay: `${period}-${String(last).padStart(2, '0')}`, from: shanghaiInstant(`${period}-01`), to: shanghaiInstant(`${next}-01`) };
}

