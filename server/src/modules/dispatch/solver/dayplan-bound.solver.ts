/**
 * A proven lower bound for the day plan, by a linear assignment relaxation.
 *
 * Every vehicle-slot of a request is a node. In any feasible plan each served node has exactly one
 * predecessor — the start of its vehicle (cost: fixed cost + road metres start → pickup) or the end
 * of the previous trip on that vehicle (cost: road metres between them) — and every predecessor is
 * used at most once. An unserved node is matched to its own end (cost: the unserved penalty), which
 * also stops anything from following a trip that is not driven. So every feasible plan maps to an
 * assignment of equal cost, and the optimal assignment, solved exactly, is ≤ the optimal plan.
 *
 * An arc is offered whenever the plan rules do not exclude it outright, so the relaxation only
 * loosens: start → node needs a vehicle that fits the request and can do it as its only trip;
 * node a → node b needs b reachable after a in time and SOME vehicle that fits both, leaves its
 * start late enough for a and ends b within its shift and duty. Dropped: hours and fit along longer
 * chains, and all-or-nothing (a partly served request pays the penalty only for its missing slots).
 * Slots of one request overlap in time, so they never share a chain: vehicles stay distinct.
 */
import { solveSparseAssignment } from './sparse-assignment.solver';
import { spanFits, type DayModel } from './dayplan-model';

export interface DayBoundOptions {
  /**
   * Arcs kept per node, cheapest first (default 48; Infinity keeps all). The rest are replaced by
   * one private arc costing as much as the cheapest dropped one: a further relaxation (any dropped
   * predecessor, even one used elsewhere, for less), so the bound stays proven, only a little lower.
   */
  readonly candidatesPerNode?: number;
}

export interface DayBound {
  readonly lowerBound: number;
  /** The relaxation's chains per vehicle (request indices in order); may break hours or fit. */
  readonly chains: number[][];
  /** Chains hanging on a private "dropped arc" instead of a vehicle start. */
  readonly orphanChains: number[][];
}

export function dayPlanLowerBound(m: DayModel, options: DayBoundOptions = {}): DayBound {
  const keep = options.candidatesPerNode ?? 48;
  const slotStart = new Int32Array(m.nR + 1);
  for (let r = 0; r < m.nR; r++) slotStart[r + 1] = (slotStart[r] as number) + (m.need[r] as number);
  const S = slotStart[m.nR] as number;
  const slotRequest = new Int32Array(S);
  for (let r = 0; r < m.nR; r++) slotRequest.fill(r, slotStart[r] as number, slotStart[r + 1] as number);
  const arcOk = chainableArcs(m);
  const fixed = m.params.fixedCostPerVehicle;
  const span = m.nV + m.nR;

  const rowStart = new Int32Array(S + 1);
  const colIndex: number[] = [];
  const cost: number[] = [];
  const packed = new Float64Array(span);
  for (let b = 0; b < m.nR; b++) {
    // Candidates of request b: vehicle starts (index v) and earlier requests (index nV + q).
    let count = 0;
    for (let v = 0; v < m.nV; v++) {
      if (m.fits[v * m.nR + b] === 1 && spanFits(m, v, b, b)) {
        packed[count++] = (fixed + (m.startMetres[v * m.nR + b] as number)) * span + v;
      }
    }
    for (let q = 0; q < m.nR; q++) {
      if (arcOk[q * m.nR + b] === 1) packed[count++] = (m.linkMetres[q * m.nR + b] as number) * span + m.nV + q;
    }
    const sorted = packed.subarray(0, count).sort();
    const rowArcs: number[] = [];
    const rowCosts: number[] = [];
    let kept = 0;
    let overflow = Infinity;
    for (let k = 0; k < count; k++) {
      const key = sorted[k] as number;
      const index = key % span;
      const c = (key - index) / span;
      if (kept >= keep) {
        overflow = c;
        break;
      }
      if (index < m.nV) {
        rowArcs.push(index);
        rowCosts.push(c);
        kept++;
      } else {
        const q = index - m.nV;
        for (let s = slotStart[q] as number; s < (slotStart[q + 1] as number); s++) {
          rowArcs.push(m.nV + s);
          rowCosts.push(c);
          kept++;
        }
      }
    }
    for (let i = slotStart[b] as number; i < (slotStart[b + 1] as number); i++) {
      colIndex.push(...rowArcs, m.nV + i);
      cost.push(...rowCosts, m.params.unservedPenalty);
      if (overflow < Infinity) {
        colIndex.push(m.nV + S + i);
        cost.push(overflow);
      }
      rowStart[i + 1] = colIndex.length;
    }
  }
  const { colToRow, cost: lowerBound } = solveSparseAssignment({
    rows: S,
    cols: m.nV + 2 * S,
    rowStart,
    colIndex: Int32Array.from(colIndex),
    cost: Float64Array.from(cost),
  });

  const follow = (first: number): number[] => {
    const chain: number[] = [];
    let slot = first;
    while (slot >= 0) {
      chain.push(slotRequest[slot] as number);
      const next = colToRow[m.nV + slot] as number;
      slot = next === slot ? -1 : next;
    }
    return chain;
  };
  const chains = Array.from({ length: m.nV }, (_, v) => follow(colToRow[v] as number));
  const orphanChains: number[][] = [];
  for (let i = 0; i < S; i++) {
    if ((colToRow[m.nV + S + i] as number) === i) orphanChains.push(follow(i));
  }
  return { lowerBound, chains, orphanChains };
}

/**
 * nR × nR: b may directly follow a on some vehicle. Vehicles alike in seats, category and hours
 * form a class; within a class the vehicle nearest to a's origin leaves latest, which is best for
 * both the shift start and the duty limit, so testing it decides the class exactly.
 */
function chainableArcs(m: DayModel): Uint8Array {
  const classOf = new Map<string, number>();
  const members: number[][] = [];
  m.vehicles.forEach((vehicle, v) => {
    const d = vehicle.driver;
    const key = `${vehicle.seats}|${vehicle.category}|${d.shiftStartMin}|${d.shiftEndMin}|${d.maxDutyMin}`;
    let c = classOf.get(key);
    if (c === undefined) {
      c = members.length;
      classOf.set(key, c);
      members.push([]);
    }
    (members[c] as number[]).push(v);
  });
  const nC = members.length;
  const rep = members.map((list) => list[0] as number);
  // Latest departure from a class member's start towards each request; -Infinity if none fits.
  const latestDeparture = new Float64Array(nC * m.nR).fill(-Infinity);
  members.forEach((list, c) => {
    for (let r = 0; r < m.nR; r++) {
      if (m.fits[(rep[c] as number) * m.nR + r] !== 1) continue;
      let best = -Infinity;
      for (const v of list) best = Math.max(best, (m.pickup[r] as number) - (m.startMinutes[v * m.nR + r] as number));
      latestDeparture[c * m.nR + r] = best;
    }
  });
  const arcOk = new Uint8Array(m.nR * m.nR);
  for (let a = 0; a < m.nR; a++) {
    for (let b = 0; b < m.nR; b++) {
      if (m.linkOk[a * m.nR + b] !== 1) continue;
      const finish = m.end[b] as number;
      for (let c = 0; c < nC; c++) {
        const v = rep[c] as number;
        const departure = latestDeparture[c * m.nR + a] as number;
        if (
          departure >= (m.shiftStart[v] as number) &&
          m.fits[v * m.nR + b] === 1 &&
          finish <= (m.shiftEnd[v] as number) &&
          finish - departure <= (m.maxDuty[v] as number)
        ) {
          arcOk[a * m.nR + b] = 1;
          break;
        }
      }
    }
  }
  return arcOk;
}
