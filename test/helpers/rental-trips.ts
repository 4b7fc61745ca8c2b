import type { TestApp } from './test-deps';
import { approvedTrip, as, tripBody } from './trips';
import { seedUnitId } from './seed-lookup';
import { DriverEntity, VehicleEntity } from '../../server/src/modules/fleet/fleet.entity';

export const RENTAL_COMPANY = '河北公务出行汽车租赁有限公司';

export interface RentalCosts { rentalFen: number; fuelFen: number; tollFen: number; parkingFen?: number; otherFen?: number }

/**
 * A 社会化租赁 trip through the API, role by role: 王建国 applies, 李秀英 approves, 张伟 hands it to the
 * rental company, 高峰 fills it with 冀A20005 and 罗军, who accepts, departs and returns with `costs`;
 * 张伟 reviews; 王建国 confirms unless `confirm` is false.
 */
export async function rentalTrip(t: TestApp, daysAhead: number, costs: RentalCosts, confirm = true): Promise<{ tripId: number; assignmentId: number; companyId: number }> {
  const [wang, li, zhang, gao, luo] = await Promise.all(['王建国', '李秀英', '张伟', '高峰', '罗军'].map((n) => as(t, n)));
  const companyId = await seedUnitId(t, RENTAL_COMPANY);
  const car = (await t.deps.db.manager.findOneByOrFail(VehicleEntity, { plate: '冀A20005' })).id;
  const driver = (await t.deps.db.manager.findOneByOrFail(DriverEntity, { name: '罗军' })).id;
  const ok = async (what: string, res: Promise<{ status: number; body: unknown }>) => {
    const r = await res;
    if (r.status !== 200) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  };
  const tripId = await approvedTrip(wang, [li], tripBody({ purpose: `租赁结算 ${daysAhead}` }, { daysAhead }));
  await ok('dispatch to the company', zhang.post(`/api/dispatch/trips/${tripId}`, { source: 'rental', companyId }));
  const order = (await gao.get('/api/rental-orders')).body.items.find((o: { tripId: number }) => o.tripId === tripId) as { id: number };
  await ok('company accepts', gao.post(`/api/rental-orders/${order.id}/accept`, { vehicleId: car, driverId: driver }));
  await ok('driver accepts', luo.post(`/api/assignments/${order.id}/accept`));
  await ok('driver departs', luo.post(`/api/assignments/${order.id}/depart`, { odometerKm: 90_000 + daysAhead * 100 }));
  await ok('driver returns', luo.post(`/api/assignments/${order.id}/return`, { odometerKm: 90_000 + daysAhead * 100 + 86, ...costs }));
  await ok('dispatcher reviews', zhang.post(`/api/trips/${tripId}/review`, { comment: '' }));
  if (confirm) await ok('applicant confirms', wang.post(`/api/trips/${tripId}/confirm`));
  return { tripId, assignmentId: order.id, companyId };
}
