/**
 * Vehicles alike in seats, category and driver hours form a class. Within a class, the member
 * nearest to a request's origin can leave latest for it, which is best for both the shift start
 * and the duty limit; so "some member can do trips r1 … rk in a row" is decided by that member.
 */
import type { DayModel } from './dayplan-model';

export interface VehicleClasses {
  readonly count: number;
  /** A member of each class (they share seats, category and hours). */
  readonly representative: Int32Array;
  /** count × nR: the class fits the request (seats, category). */
  readonly fits: Uint8Array;
  /** count × nR: latest departure of a member towards the request as a first trip; -Infinity if unfit. */
  readonly latestDeparture: Float64Array;
  /** Per request, the classes that fit it. */
  readonly fitting: readonly Int32Array[];
  /** Per class: shift start, shift end, max duty. */
  readonly shiftStart: Int32Array;
  readonly shiftEnd: Int32Array;
  readonly maxDuty: Int32Array;
}

export function vehicleClasses(m: DayModel): VehicleClasses {
  const classOf = new Map<string, number>();
  const members: number[][] = [];
  m.vehicles.forEach((vehicle, v) => {
    // Hours as the model narrowed them; a vehicle with bookings fits trips of its own, so it is a class alone.
    const own = (m.blocks[v] as readonly unknown[]).length > 0 ? `|v${v}` : '';
    const key = `${vehicle.seats}|${vehicle.category}|${m.shiftStart[v]}|${m.shiftEnd[v]}|${m.maxDuty[v]}${own}`;
    let c = classOf.get(key);
    if (c === undefined) {
      c = members.length;
      classOf.set(key, c);
      members.push([]);
    }
    (members[c] as number[]).push(v);
  });
  const count = members.length;
  const representative = Int32Array.from(members, (list) => list[0] as number);
  const fits = new Uint8Array(count * m.nR);
  const latestDeparture = new Float64Array(count * m.nR).fill(-Infinity);
  const fitting: number[][] = Array.from({ length: m.nR }, () => []);
  members.forEach((list, c) => {
    const rep = representative[c] as number;
    for (let r = 0; r < m.nR; r++) {
      if (m.fits[rep * m.nR + r] !== 1) continue;
      fits[c * m.nR + r] = 1;
      (fitting[r] as number[]).push(c);
      let best = -Infinity;
      for (const v of list) best = Math.max(best, (m.pickup[r] as number) - (m.startMinutes[v * m.nR + r] as number));
      latestDeparture[c * m.nR + r] = best;
    }
  });
  return {
    count,
    representative,
    fits,
    latestDeparture,
    fitting: fitting.map((list) => Int32Array.from(list)),
    shiftStart: representative.map((v) => m.shiftStart[v] as number),
    shiftEnd: representative.map((v) => m.shiftEnd[v] as number),
    maxDuty: representative.map((v) => m.maxDuty[v] as number),
  };
}

/**
 * Some member of class c could drive a route beginning with `first` and ending with `last`
 * (fit of the trips in between is the caller's business): shift start, shift end and duty hold.
 */
export function classSpanFits(m: DayModel, k: VehicleClasses, c: number, first: number, last: number): boolean {
  const departure = k.latestDeparture[c * m.nR + first] as number;
  const finish = m.end[last] as number;
  return (
    departure >= (k.shiftStart[c] as number) &&
    finish <= (k.shiftEnd[c] as number) &&
    finish - departure <= (k.maxDuty[c] as number)
  );
}
