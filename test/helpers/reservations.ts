import type { TestApp } from './test-deps';
import { as, approvedTrip, tripBody, type As } from './trips';
import { addShanghaiDays } from '@shared/common/time';

/** An approved out-of-city trip (出差) of 王建国 `daysAhead` days ahead, lasting 30 hours; the dates its services are booked for. */
export async function approvedBusinessTrip(t: TestApp, daysAhead = 3, purpose = '赴石家庄参加全省发展改革工作会议'): Promise<{ wang: As; tripId: number; day: string; nextDay: string }> {
  const wang = await as(t, '王建国');
  const tripId = await approvedTrip(wang, [await as(t, '李秀英'), await as(t, '孟德海')], tripBody({ kind: 'out_of_city', purpose }, { daysAhead, hours: 30 }));
  return { wang, tripId, day: addShanghaiDays(new Date(), daysAhead), nextDay: addShanghaiDays(new Date(), daysAhead + 1) };
}

/** The demo hotel's room type by name (标准间 ¥320 within the 其他人员 standard, 商务大床房 ¥480 above it). */
export async function roomTypeId(wang: As, tripId: number, day: string, name: string): Promise<number> {
  const res = await wang.get(`/api/reservations/hotels?tripId=${tripId}&checkIn=${day}&nights=1`);
  if (res.status !== 200) throw new Error(`hotel search ${res.status} ${JSON.stringify(res.body)}`);
  const offer = (res.body.items as Array<{ name: string; roomTypeId: number }>).find((o) => o.name === name);
  if (!offer) throw new Error(`no room type ${name}`);
  return offer.roomTypeId;
}
