import request from 'supertest';
import type { TestApp } from './test-deps';
import { signInAs } from './auth';
import { addShanghaiDays, shanghaiInstant, startOfShanghaiDay } from '@shared/common/time';

/** A trip request `daysAhead` days from now at `hour`:00 Shanghai, lasting `hours`. */
export function tripBody(overrides: Record<string, unknown> = {}, at: { daysAhead?: number; hour?: number; hours?: number; now?: Date } = {}) {
  const now = at.now ?? new Date();
  const day = addShanghaiDays(now, at.daysAhead ?? 1);
  const start = new Date(startOfShanghaiDay(day).getTime() + (at.hour ?? 9) * 3600_000);
  const end = new Date(start.getTime() + (at.hours ?? 2) * 3600_000);
  return {
    purpose: '赴省政府汇报重点项目进展', passengers: 2, passengerNames: '王建国、李明', startAt: start.toISOString(), endAt: end.toISOString(),
    origin: { name: '省发改委', lat: 38.0455, lng: 114.5025 }, destinations: [{ name: '河北省人民政府', lat: 38.0466, lng: 114.5215 }],
    seatsWanted: 2, vehiclesNeeded: 1, kind: 'in_city', ...overrides,
  };
}

export interface As { name: string; userId: number; get(path: string): request.Test; post(path: string, body?: object): request.Test; put(path: string, body?: object): request.Test; delete(path: string): request.Test }

export async function as(t: TestApp, name: string): Promise<As> {
  const auth = await signInAs(t, name);
  return {
    name, userId: auth.userId,
    get: (path) => request(t.callback).get(path).set('Authorization', auth.Authorization),
    post: (path, body = {}) => request(t.callback).post(path).set('Authorization', auth.Authorization).send(body),
    put: (path, body = {}) => request(t.callback).put(path).set('Authorization', auth.Authorization).send(body),
    delete: (path) => request(t.callback).delete(path).set('Authorization', auth.Authorization),
  };
}

/** Applicant submits, the unit's approver(s) approve: the trip is ready for dispatch. */
export async function approvedTrip(applicant: As, approvers: As[], body: object): Promise<number> {
  const created = await applicant.post('/api/trips', body);
  if (created.status !== 201) throw new Error(`create failed ${created.status} ${JSON.stringify(created.body)}`);
  for (const approver of approvers) {
    // Trip approvals only: a 出差 record or an over-standard booking may carry the same subject id.
    const inbox = await approver.get('/api/approvals?kind=trip');
    const item = inbox.body.items.find((i: { subjectId: number }) => i.subjectId === created.body.id);
    if (!item) throw new Error(`${approver.name} has no approval for trip ${created.body.id}`);
    const res = await approver.post(`/api/approvals/${item.id}/decide`, { action: 'approve' });
    if (res.status !== 200) throw new Error(`approve failed ${res.status} ${JSON.stringify(res.body)}`);
  }
  return created.body.id as number;
}

/**
 * A trip of 王建国's unit on `day` (Shanghai) dispatched by one click, accepted, departed at `out` and
 * returned at `back` (HH:mm) on the manual clock; its assignment (car and driver) and the driver.
 */
export async function tripOutAndBack(t: TestApp, clock: { set(at: Date): void; now(): Date }, day: string, out: string, back: string, purpose = '赴省政府汇报重点项目进展') {
  const wang = await as(t, '王建国');
  const hours = Math.max(1, Math.ceil((shanghaiInstant(day, back).getTime() - shanghaiInstant(day, out).getTime()) / 3600_000));
  const tripId = await approvedTrip(wang, [await as(t, '李秀英')], tripBody({ purpose }, { daysAhead: 0, hour: Number(out.slice(0, 2)), hours, now: clock.now() }));
  const dispatched = await (await as(t, '张伟')).post('/api/dispatch/one-click', { tripIds: [tripId] });
  if (!dispatched.body.results?.[0]?.dispatched) throw new Error(`dispatch failed ${JSON.stringify(dispatched.body)}`);
  const a = (await wang.get(`/api/trips/${tripId}`)).body.assignments[0] as { id: number; driverName: string; vehicleId: number };
  const driver = await as(t, a.driverName);
  const step = async (path: string, body: object = {}) => {
    const res = await driver.post(`/api/assignments/${a.id}/${path}`, body);
    if (res.status !== 200) throw new Error(`${path} failed ${res.status} ${JSON.stringify(res.body)}`);
  };
  await step('accept');
  const km = (await driver.get('/api/driver/tasks')).body.items.find((x: { id: number }) => x.id === a.id).vehicleOdometerKm as number;
  clock.set(shanghaiInstant(day, out));
  await step('depart', { odometerKm: km });
  clock.set(shanghaiInstant(day, back));
  await step('return', { odometerKm: km + 24, fuelFen: 0, tollFen: 0, parkingFen: 0, otherFen: 0 });
  return { tripId, assignment: a, driver };
}
