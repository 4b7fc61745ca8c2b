import type { EntityManager } from 'typeorm';
import { addShanghaiDays } from '@shared/common/time';
import { MenuEntity, RoomNightEntity, RoomTypeEntity, TableSlotEntity, TravellerRankEntity } from '../modules/reservations/reservations.entity';

/** Days ahead the demo hotel and restaurant publish inventory for, from the day the demo is seeded. */
export const DEMO_INVENTORY_DAYS = 60;

/**
 * Demo inventory (#16): 河北会议中心宾馆's rooms and 燕赵园's tables for the coming weeks, and the ranks
 * of the demo travellers (everyone else is 其他人员). Rates are the demo's, chosen so one room type is
 * within the Hebei 其他人员 standard (¥350) and one above it; one menu within the reception cap, one above.
 */
export async function seedReservations(em: EntityManager, unitIds: Map<string, number>, userIds: Map<string, number>, now = new Date()): Promise<void> {
  const hotel = unitIds.get('hotel');
  const restaurant = unitIds.get('restaurant');
  if (!hotel || !restaurant) return;
  const rooms: Array<[string, number, number]> = [['标准间', 32_000, 12], ['商务大床房', 48_000, 6]];
  for (const [name, rateFen, count] of rooms) {
    const t = await em.save(RoomTypeEntity, em.create(RoomTypeEntity, { hotelId: hotel, name }));
    for (let i = 0; i < DEMO_INVENTORY_DAYS; i++) await em.insert(RoomNightEntity, { roomTypeId: t.id, night: addShanghaiDays(now, i), total: count, remaining: count, rateFen });
  }
  await em.insert(MenuEntity, { restaurantId: restaurant, name: '公务工作餐', perPersonFen: 6_000, seatsPerTable: 10 });
  await em.insert(MenuEntity, { restaurantId: restaurant, name: '商务宴请套餐', perPersonFen: 18_000, seatsPerTable: 12 });
  for (let i = 0; i < DEMO_INVENTORY_DAYS; i++) {
    for (const slot of ['lunch', 'dinner'] as const) await em.insert(TableSlotEntity, { restaurantId: restaurant, date: addShanghaiDays(now, i), slot, total: 6, remaining: 6 });
  }
  for (const [name, rank] of [['李秀英', 'bureau'], ['孟德海', 'bureau']] as const) {
    const userId = userIds.get(name);
    if (userId) await em.insert(TravellerRankEntity, { userId, rank });
  }
}
