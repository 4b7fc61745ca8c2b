import { planDispatch } from '../../../server/src/modules/dispatch';
import type { PlanVehicle } from '../../../server/src/modules/dispatch/dispatch.plan';

const depot = { lat: 38.0428, lng: 114.5149 };
const far = 4_102_444_800_000; // 2100-01-01: nothing expires
const window = { startMs: Date.parse('2026-12-01T01:00:00Z'), endMs: Date.parse('2026-12-01T03:00:00Z') };
const vehicle = (id: number, position?: { lat: number; lng: number }): PlanVehicle => ({
  id, plate: `冀A0000${id}`, position, seats: 5, category: 'general', insuranceDueMs: far, inspectionDueMs: far, usage: { trips: 0, km: 0 }, busy: [],
});
const driver = { id: 1, name: '刘强', licenceExpiresMs: far, usage: { trips: 0, km: 0 }, busy: [] };

describe('one-click dispatch plan', () => {
  it('when one car reports a position next to the pickup, then it is chosen over a less used one assumed at the depot', () => {
    const pickup = { lat: 38.20, lng: 114.30 }; // ~27 km from the depot
    // Without its position, car 2 would lose on balance of use (it has run more this month).
    const near = { ...vehicle(2, { lat: 38.201, lng: 114.301 }), usage: { trips: 6, km: 300 } };
    const plan = planDispatch([{ id: 7, needed: 1, window, origin: pickup, seats: 2, category: null }], [vehicle(1), near], [driver], depot);
    expect(plan.pairs).toHaveLength(1);
    expect(plan.pairs[0]).toMatchObject({ tripId: 7, vehicleId: 2, driverId: 1 });
  });

  it('when no car reports, then both are placed at the depot and the plan still serves the trip', () => {
    const plan = planDispatch([{ id: 8, needed: 1, window, origin: depot, seats: 2, category: null }], [vehicle(1), vehicle(2)], [driver], depot);
    expect(plan.pairs).toHaveLength(1);
    expect(plan.unassigned).toEqual([]);
  });
});
