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
import { solveLinearAssignment } from './linear-assignment.solver';
import { spanFits, type DayModel } from './dayplan-model';

export interface DayBound {
  readonly lowerBound: number;
  /** The relaxation's chains per vehicle (request indices in order); may break hours or fit. */
  readonly chains: number[][];
}

export function dayPlanLowerBound(m: DayModel): DayBound {
  const slotRequest: number[] = [];
  for (let r = 0; r < m.nR; r++) for (let s = 0; s < (m.need[r] as number); s++) slotRequest.push(r);
  const S = slotRequest.length;
  const cols = m.nV + S;
  const costs = new Float64Array(S * cols).fill(Infinity);
  const arcOk = chainableArcs(m);
  const fixed = m.params.fixedCostPerVehicle;
  for (let i = 0; i < S; i++) {
    const r = slotRequest[i] as number;
    const row = i * cols;
    for (let v = 0; v < m.nV; v++) {
      if (m.fits[v * m.nR + r] === 1 && spanFits(m, v, r, r)) {
        costs[row + v] = fixed + (m.startMetres[v * m.nR + r] as number);
      }
    }
    for (let k = 0; k < S; k++) {
      const q = slotRequest[k] as number;
      if (k === i) costs[row + m.nV + k] = m.params.unservedPenalty;
      else if (arcOk[q * m.nR + r] === 1) costs[row + m.nV + k] = m.linkMetres[q * m.nR + r] as number;
    }
  }
  const { colToRow, cost, assigned } = solveLinearAssignment(costs, S, cols);
  if (assigned !== S) throw new Error('bound relaxation left a node without predecessor');

  const chains: number[][] = Array.from({ length: m.nV }, () => []);
  for (let v = 0; v < m.nV; v++) {
    let slot = colToRow[v] as number;
    const chain = chains[v] as number[];
    while (slot >= 0) {
      chain.push(slotRequest[slot] as number);
      const next = colToRow[m.nV + slot] as number;
      slot = next === slot ? -1 : next;
    }
  }
  return { lowerBound: cost, chains };
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
