import { formatPlate } from '@shared/common/format';
import type { Database } from '../platform/db/database';
import type { Clock } from '../platform/clock';
import type { EventBus } from '../platform/events';
import type { Actor } from '../platform/data-scope';
import type { RegionLevel, Role } from '@shared/identity/identity.schemas';
import { addShanghaiDays, shanghaiInstant, shanghaiMonth, startOfShanghaiMonth } from '@shared/common/time';
import { RegionEntity, UnitEntity, UserEntity, UserRoleEntity } from '../modules/identity/identity.entity';
import { DriverEntity, VehicleEntity } from '../modules/fleet/fleet.entity';
import { fulfilledPayload } from '../modules/trips';
import { AssignmentEntity, TripEntity, TripEventEntity } from '../modules/trips/trips.entity';
import type { SettlementService } from '../modules/settlement';

/**
 * A finished 社会化租赁 trip in the previous month, so a newcomer's finance user finds a statement at
 * once: 王建国 of 发改委 went to 保定 in the rental company's 冀A20005 driven by 罗军 (¥150 rental,
 * ¥20 fuel, ¥5 toll), returned, reviewed by 张伟, confirmed. The trip's `trip.fulfilled` event goes
 * through the outbox like any other, settlement's subscriber bills it, and 孙丽 (province finance)
 * generates that month's statement — the same path as in production, only run by the seed.
 */
export async function seedDemoTrips(d: { db: Database; events: EventBus; settlement: SettlementService; clock: Clock }): Promise<{ tripId: number; period: string }> {
  const m = d.db.manager;
  const user = async (name: string) => m.findOneOrFail(UserEntity, { where: { name } });
  const [wang, zhang, luo, sun] = [await user('王建国'), await user('张伟'), await user('罗军'), await user('孙丽')];
  const company = await m.findOneOrFail(UnitEntity, { where: { name: '河北公务出行汽车租赁有限公司' } });
  const car = await m.findOneOrFail(VehicleEntity, { where: { plate: '冀A20005' } });
  const driver = await m.findOneOrFail(DriverEntity, { where: { name: '罗军' } });
  const lastMonth = startOfShanghaiMonth(new Date(startOfShanghaiMonth(d.clock.now()).getTime() - 86_400_000));
  const day = addShanghaiDays(lastMonth, 9);
  const at = (hhmm: string) => shanghaiInstant(day, hhmm);
  const departKm = Math.round(Number(car.odometerHm)) - 3_120;

  const tripId = await d.db.transaction(async (em) => {
    const trip = await em.save(TripEntity, em.create(TripEntity, {
      unitId: wang.unitId, regionCode: wang.regionCode, applicantId: wang.id, applicantName: wang.name, bookedById: wang.id,
      purpose: '赴保定市调研重点项目进展', passengers: 2, passengerNames: '王建国、李秀英', startAt: at('08:30'), endAt: at('17:30'),
      originJson: JSON.stringify({ name: '河北省发展和改革委员会', address: '河北省石家庄市长安区裕华东路33号', lat: 38.0418, lng: 114.5203 }),
      destinationsJson: JSON.stringify([{ name: '保定市人民政府', address: '河北省保定市竞秀区复兴中路2588号', lat: 38.8804, lng: 115.4707 }]),
      category: 'general', seatsWanted: 5, vehiclesNeeded: 1, kind: 'out_of_city', priority: 'normal', status: 'confirmed', approvalStatus: 'approved',
      backfillDueAt: null, backfillOverdue: false, returnOverdue: false, reminded: true, costFen: 17_500, rating: null, ratingComment: null,
      cancelReason: null, createdAt: at('08:00'), updatedAt: at('18:30'),
    }));
    await em.save(AssignmentEntity, em.create(AssignmentEntity, {
      tripId: trip.id, source: 'rental', companyId: company.id, vehicleId: car.id, driverId: driver.id, plate: car.plate, driverName: driver.name,
      driverPhone: driver.phone, status: 'returned', reason: `社会化租赁：${company.name}`, departOdometerHm: departKm, returnOdometerHm: departKm + 3_120,
      departedAt: at('08:32'), returnedAt: at('17:10'), rentalFen: 15_000, fuelFen: 2_000, tollFen: 500, parkingFen: 0, otherFen: 0, note: '', createdAt: at('08:05'),
    }));
    const history: Array<[string, number, string, string]> = [
      ['08:00', wang.id, 'submit', '异地用车申请'], ['08:05', zhang.id, 'dispatch_rental', `转租赁企业 ${company.name}`],
      ['08:10', luo.id, 'rental_accept', `租赁企业派 ${formatPlate(car.plate)}（${driver.name}）`], ['08:32', luo.id, 'depart', `${formatPlate(car.plate)} 出车`],
      ['17:10', luo.id, 'return_all', '全部车辆回场'], ['18:00', zhang.id, 'review', '里程与费用审核通过'], ['18:30', wang.id, 'confirm', '用车人确认行程与费用'],
    ];
    const names = new Map([[wang.id, wang.name], [zhang.id, zhang.name], [luo.id, luo.name]]);
    for (const [hhmm, actorId, action, note] of history) {
      await em.insert(TripEventEntity, { tripId: trip.id, at: at(hhmm), actorId, actorName: names.get(actorId)!, action, note });
    }
    const assignments = await em.find(AssignmentEntity, { where: { tripId: trip.id } });
    await d.events.record('trip.fulfilled', trip.id, fulfilledPayload(trip, assignments, at('18:30')));
    return trip.id;
  });
  await d.events.drain();
  const period = shanghaiMonth(lastMonth);
  await d.settlement.generate(await actorOf(d.db, sun), period);
  return { tripId, period };
}

async function actorOf(db: Database, u: { id: number; unitId: number; regionCode: string }): Promise<Actor> {
  const region = await db.manager.findOneOrFail(RegionEntity, { where: { code: u.regionCode } });
  const roles = (await db.manager.find(UserRoleEntity, { where: { userId: u.id } })).map((r) => r.role as Role);
  return { userId: u.id, unitId: u.unitId, regionCode: u.regionCode, regionLevel: region.level as RegionLevel, roles };
}
