import { formatPlate } from '@shared/common/format';
import { solveAssignment } from './solver-port';
import type { AssignmentRequest, AssignmentVehicle, TimeWindow } from './solver-port';

/**
 * 一键派车 over vehicles and drivers that are dispatched as separate resources. The solver pairs each
 * request with one vehicle+driver combination; combos sharing a vehicle or driver can collide when their
 * requests overlap in time, so accepted pairs become busy windows and the rest is solved again.
 * A trip needing N vehicles becomes N requests and is kept only when all N are served (多车同派).
 */
export interface PlanTrip { id: number; needed: number; window: TimeWindow; origin: { lat: number; lng: number }; seats: number; category: string | null }
export interface PlanVehicle { id: number; plate: string; position?: { lat: number; lng: number }; seats: number; category: string; insuranceDueMs: number; inspectionDueMs: number; usage: { trips: number; km: number }; busy: TimeWindow[] }
export interface PlanDriver { id: number; name: string; licenceExpiresMs: number; usage: { trips: number; km: number }; busy: TimeWindow[] }
export interface PlannedPair { tripId: number; vehicleId: number; driverId: number; reason: string }
export interface Plan { pairs: PlannedPair[]; unassigned: Array<{ tripId: number; message: string }> }

const overlaps = (a: TimeWindow, b: TimeWindow) => a.startMs < b.endMs && b.startMs < a.endMs;

export function planDispatch(trips: PlanTrip[], vehicles: PlanVehicle[], drivers: PlanDriver[], depot: { lat: number; lng: number }): Plan {
  const vBusy = new Map(vehicles.map((v) => [v.id, [...v.busy]]));
  const dBusy = new Map(drivers.map((d) => [d.id, [...d.busy]]));
  const got = new Map<number, PlannedPair[]>(trips.map((t) => [t.id, []]));
  let open = trips.flatMap((t) => Array.from({ length: t.needed }, (_, k) => ({ trip: t, k })));
  for (let round = 0; round < 6 && open.length; round++) {
    const requests: AssignmentRequest[] = open.map(({ trip, k }) => ({ id: `${trip.id}#${k}`, origin: trip.origin, window: trip.window, passengers: trip.seats, category: trip.category }));
    const combos: AssignmentVehicle[] = [];
    for (const v of vehicles) {
      for (const d of drivers) {
        combos.push({
          id: `${v.id}:${d.id}`, plate: v.plate, position: v.position ?? depot, seats: v.seats - 1, category: v.category, insuranceDueMs: v.insuranceDueMs,
          inspectionDueMs: v.inspectionDueMs, usage: v.usage, busy: vBusy.get(v.id)!,
          driver: { id: String(d.id), name: d.name, licenceExpiresMs: d.licenceExpiresMs, usage: d.usage, busy: dBusy.get(d.id)! },
        });
      }
    }
    const plan = solveAssignment(requests, combos, { generalCategory: 'general' });
    const next: typeof open = [];
    const sorted = [...plan.pairs].sort((a, b) => a.cost - b.cost);
    const served = new Set<string>();
    for (const p of sorted) {
      const [vehicleId, driverId] = p.vehicleId.split(':').map(Number) as [number, number];
      const item = open.find((o) => `${o.trip.id}#${o.k}` === p.requestId)!;
      const w = item.trip.window;
      if (vBusy.get(vehicleId)!.some((b) => overlaps(b, w)) || dBusy.get(driverId)!.some((b) => overlaps(b, w))) continue;
      vBusy.get(vehicleId)!.push(w);
      dBusy.get(driverId)!.push(w);
      got.get(item.trip.id)!.push({ tripId: item.trip.id, vehicleId, driverId, reason: `${formatPlate(p.plate)}（${drivers.find((d) => d.id === driverId)!.name}）：${p.reason}` });
      served.add(p.requestId);
    }
    const feasibleLeft = plan.unassigned.length < open.length;
    for (const o of open) if (!served.has(`${o.trip.id}#${o.k}`) && plan.pairs.some((p) => p.requestId === `${o.trip.id}#${o.k}`)) next.push(o);
    if (!feasibleLeft || next.length === open.length) break;
    open = next;
  }
  const pairs: PlannedPair[] = [];
  const unassigned: Plan['unassigned'] = [];
  for (const t of trips) {
    const mine = got.get(t.id)!;
    if (mine.length === t.needed) pairs.push(...mine);
    else unassigned.push({ tripId: t.id, message: mine.length ? `需要 ${t.needed} 辆车，只找到 ${mine.length} 辆空闲且合格的车辆与驾驶员，多车同派不拆分` : '该时段没有空闲且合格（座位、车型、保险、年检、驾驶证）的车辆与驾驶员' });
  }
  return { pairs, unassigned };
}
