import { formatPlate } from '@shared/common/format';
import { addShanghaiDays, formatShanghai, shanghaiInstant } from '@shared/common/time';
import type { RegionLevel, Role } from '@shared/identity/identity.schemas';
import type { Database } from '../platform/db/database';
import type { Clock } from '../platform/clock';
import type { EventBus } from '../platform/events';
import type { RequestActor } from '../platform/access';
import { scopeOf } from '../platform/data-scope';
import { RegionEntity, UnitEntity, UserEntity, UserRoleEntity } from '../modules/identity/identity.entity';
import { DriverEntity, VehicleEntity } from '../modules/fleet/fleet.entity';
import { fulfilledPayload } from '../modules/trips';
import { AssignmentEntity, TripEntity, TripEventEntity } from '../modules/trips/trips.entity';
import type { SupervisionModule } from '../modules/supervision';

/** Who drives and who applies in each unit with cars (seed-data.ts). */
const fleets: Array<{ unit: string; applicant: string; dispatcher: string; plates: string[]; drivers: string[] }> = [
  { unit: '河北省发展和改革委员会', applicant: '王建国', dispatcher: '张伟', plates: ['冀A00101', '冀A00102', '冀A00104'], drivers: ['刘强', '陈刚'] },
  { unit: '河北省疾病预防控制中心', applicant: '丁琳', dispatcher: '丁琳', plates: ['冀A00105', '冀A00112'], drivers: ['宋飞'] },
  { unit: '长安区人民政府办公室', applicant: '杨帆', dispatcher: '何勇', plates: ['冀A00108', '冀A00109'], drivers: ['马超'] },
  { unit: '竞秀区人民政府办公室', applicant: '曹阳', dispatcher: '曹阳', plates: ['冀F00111'], drivers: ['贾平'] },
];

const purposes = ['赴市直部门调研', '参加全省工作会议', '督导检查安全生产', '送达机要文件', '项目现场踏勘', '接待上级检查组', '疫情防控物资配送', '防汛应急值守'];
const places = [
  { name: '河北会议中心', address: '河北省石家庄市长安区青园街1号', lat: 38.0604, lng: 114.5274 },
  { name: '石家庄市人民政府', address: '河北省石家庄市长安区中山东路', lat: 38.0476, lng: 114.5219 },
  { name: '保定市人民政府', address: '河北省保定市竞秀区复兴中路2588号', lat: 38.8804, lng: 115.4707 },
  { name: '正定县人民政府', address: '河北省石家庄市正定县', lat: 38.1466, lng: 114.5702 },
];

/**
 * A month of supervision data for the demo (#18): about two trips a working day across the units with
 * cars over the last 35 days, each fulfilled through the outbox as in production, so supervision's
 * subscriber records the pool's facts and raises 非工作时间 / 节假日 warnings for the evening and
 * weekend departures; speeding and fatigue alarm bits through the engine; expiries by its daily check;
 * then the loop run by the people of the seed so warnings stand in every state
 * (待核查, 已核查, 申诉中, 申诉成立, 已处理, 已通报).
 */
export async function seedSupervisionDemo(d: { db: Database; events: EventBus; clock: Clock; supervision: SupervisionModule }): Promise<{ trips: number; warnings: number }> {
  const m = d.db.manager;
  const today = addShanghaiDays(d.clock.now(), 0);
  let seedN = 20261205;
  const rand = () => { seedN = (seedN * 1103515245 + 12345) % 2147483648; return seedN / 2147483648; };
  let trips = 0;
  for (let back = 35; back >= 1; back--) {
    const day = addShanghaiDays(today, -back);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    const count = weekend ? (rand() < 0.3 ? 1 : 0) : 1 + Math.floor(rand() * 3);
    for (let i = 0; i < count; i++) {
      const f = fleets[Math.floor(rand() * fleets.length)]!;
      // Mostly office hours; now and then an evening departure (非工作时间用车).
      const hour = rand() < 0.12 ? 20 : 8 + Math.floor(rand() * 8);
      await fulfilledTrip(d, f, day, hour, Math.floor(rand() * 4) * 15, 8 + Math.floor(rand() * 120), rand);
      trips++;
    }
  }
  await d.events.drain();
  const e = d.supervision.engine;
  // 行车安全预警 from alarm bits (JT/T 808 bit1 超速, bit2 疲劳驾驶), as telematics publishes them.
  const alarms: Array<[plate: string, bits: number[], daysAgo: number]> = [['冀A00102', [1], 3], ['冀A00109', [1], 6], ['冀A00101', [2], 9], ['冀F00111', [1], 2], ['冀A00112', [1], 12]];
  for (const [i, [plate, bits, ago]] of alarms.entries()) {
    const v = await m.findOneByOrFail(VehicleEntity, { plate });
    await e.onAlarm(900_000 + i, { vehicleId: v.id, bits, at: shanghaiInstant(addShanghaiDays(today, -ago), '15:20').toISOString(), lat: 38.05 + i * 0.01, lng: 114.52 + i * 0.01 });
  }
  await e.checkExpiries();

  // The loop, by the people who do it.
  const w = d.supervision.warnings;
  const actor = (name: string) => actorOf(d.db, name);
  const [zhao, he, ding, zhou, wu, zheng] = await Promise.all(['赵磊', '何勇', '丁琳', '周明', '吴芳', '郑斌'].map(actor));
  const unitAdmin = new Map([[zhao.unitId, zhao], [he.unitId, he], [ding.unitId, ding]]);
  const supervisorOf = (regionCode: string) => (regionCode.startsWith('130102') ? zheng : regionCode.startsWith('1301') && regionCode !== '130000' ? wu : zhou);
  await seedFencesAndFleetWarnings(d, { he, zhao, ding }, today);
  const all = (await w.list(zhou, { page: 1, pageSize: 100 })).items.filter((x) => unitAdmin.has(x.unitId)).reverse();
  const plan: Array<'open' | 'checked' | 'appealed' | 'revoked' | 'confirmed' | 'published'> = ['published', 'revoked', 'appealed', 'confirmed', 'checked', 'published', 'open', 'appealed', 'checked', 'revoked', 'published', 'confirmed'];
  for (const [i, x] of all.entries()) {
    const goal = plan[i % plan.length]!;
    if (goal === 'open') continue;
    const admin = unitAdmin.get(x.unitId)!;
    const boss = supervisorOf(x.regionCode);
    if (goal === 'checked' || goal === 'confirmed' || goal === 'published') {
      await w.check(admin, x.id, { note: '经核查，驾驶员未按规定报备，已批评教育' });
      if (goal !== 'checked') await w.decide(boss, x.id, { outcome: 'confirm', note: '核实属实，责令单位整改并扣减当月考核分' });
      if (goal === 'published') await w.publish(boss, x.id, '违规用车，予以通报');
    } else {
      await w.appeal(admin, x.id, { reason: '该车执行防汛应急任务，有单位负责人审批单', evidence: [], tripId: x.tripId ?? undefined });
      if (goal === 'revoked') await w.decide(boss, x.id, { outcome: 'uphold', note: '应急任务审批手续齐全，申诉成立，撤销预警' });
    }
  }
  return { trips, warnings: all.length };
}

async function fulfilledTrip(
  d: { db: Database; events: EventBus }, f: (typeof fleets)[number], day: string, hour: number, minute: number, km: number, rand: () => number,
): Promise<void> {
  const m = d.db.manager;
  const unit = await m.findOneByOrFail(UnitEntity, { name: f.unit });
  const [applicant, dispatcher] = [await m.findOneByOrFail(UserEntity, { name: f.applicant }), await m.findOneByOrFail(UserEntity, { name: f.dispatcher })];
  const car = await m.findOneByOrFail(VehicleEntity, { plate: f.plates[Math.floor(rand() * f.plates.length)]! });
  const driver = await m.findOneByOrFail(DriverEntity, { name: f.drivers[Math.floor(rand() * f.drivers.length)]! });
  const at = (h: number, min: number) => shanghaiInstant(day, `${String(Math.min(23, h)).padStart(2, '0')}:${String(min).padStart(2, '0')}`);
  const depart = at(hour, minute);
  const back = new Date(depart.getTime() + (60 + km * 2) * 60_000);
  const place = places[Math.floor(rand() * places.length)]!;
  const fuelFen = km * 60;
  const tollFen = km > 60 ? 2_500 : 0;
  const startHm = Math.round(Number(car.odometerHm)) - 40_000 + Math.floor(rand() * 30_000);
  await d.db.transaction(async (em) => {
    const trip = await em.save(TripEntity, em.create(TripEntity, {
      unitId: unit.id, regionCode: unit.regionCode, applicantId: applicant.id, applicantName: applicant.name, bookedById: applicant.id,
      purpose: purposes[Math.floor(rand() * purposes.length)]!, passengers: 1 + Math.floor(rand() * 3), passengerNames: applicant.name, startAt: depart, endAt: back,
      originJson: JSON.stringify({ name: unit.name, address: unit.address ?? unit.name, lat: Number(unit.lat ?? 38.04), lng: Number(unit.lng ?? 114.51) }),
      destinationsJson: JSON.stringify([place]), category: 'general', seatsWanted: 5, vehiclesNeeded: 1, kind: km > 60 ? 'out_of_city' : 'in_city', priority: 'normal',
      status: 'confirmed', approvalStatus: 'approved', backfillDueAt: null, backfillOverdue: false, returnOverdue: false, reminded: true, costFen: fuelFen + tollFen,
      rating: 5, ratingComment: null, cancelReason: null, createdAt: new Date(depart.getTime() - 3_600_000), updatedAt: new Date(back.getTime() + 3_600_000),
    }));
    await em.save(AssignmentEntity, em.create(AssignmentEntity, {
      tripId: trip.id, source: 'own', companyId: null, vehicleId: car.id, driverId: driver.id, plate: car.plate, driverName: driver.name, driverPhone: driver.phone,
      status: 'returned', reason: `本单位车辆 ${formatPlate(car.plate)}`, departOdometerHm: startHm, returnOdometerHm: startHm + km * 10, departedAt: depart, returnedAt: back,
      rentalFen: 0, fuelFen, tollFen, parkingFen: 0, otherFen: 0, note: '', createdAt: new Date(depart.getTime() - 1_800_000),
    }));
    const steps: Array<[Date, number, string, string, string]> = [
      [new Date(depart.getTime() - 3_600_000), applicant.id, applicant.name, 'submit', '用车申请'],
      [new Date(depart.getTime() - 1_800_000), dispatcher.id, dispatcher.name, 'dispatch', `派 ${formatPlate(car.plate)}（${driver.name}）`],
      [depart, dispatcher.id, dispatcher.name, 'depart', `${formatPlate(car.plate)} 出车`],
      [back, dispatcher.id, dispatcher.name, 'return_all', '全部车辆回场'],
      [new Date(back.getTime() + 3_600_000), applicant.id, applicant.name, 'confirm', '用车人确认行程与费用'],
    ];
    for (const [when, actorId, actorName, action, note] of steps) await em.insert(TripEventEntity, { tripId: trip.id, at: when, actorId, actorName, action, note });
    const assignments = await em.find(AssignmentEntity, { where: { tripId: trip.id } });
    await d.events.record('trip.fulfilled', trip.id, fulfilledPayload(trip, assignments, new Date(back.getTime() + 3_600_000)));
  });
}

/**
 * #18's newer rules for the demo: 长安区政府办's geofences (a permitted polygon roughly along 长安区 on
 * workdays, a forbidden circle around 抱犊寨景区 in 鹿泉区 at all times), designated overnight spots for a
 * few cars, and one warning of each newer kind (驶出允许区域, 驶入禁入区域, 未按规定停放过夜, 终端长时间离线,
 * 超编制配备) over the last days, through the engine's raise (so the loop below puts them in its states).
 * Coordinates are WGS-84, the terminals'.
 */
async function seedFencesAndFleetWarnings(
  d: { db: Database; supervision: SupervisionModule }, a: { he: RequestActor; zhao: RequestActor; ding: RequestActor }, today: string,
): Promise<void> {
  const g = d.supervision.geofences;
  const county = [
    { lat: 38.0905, lng: 114.5080 }, { lat: 38.0905, lng: 114.5890 }, { lat: 38.0560, lng: 114.6200 },
    { lat: 38.0160, lng: 114.6050 }, { lat: 38.0150, lng: 114.5230 }, { lat: 38.0450, lng: 114.5000 },
  ];
  const BAODUZHAI = { lat: 38.0588, lng: 114.2957 };
  await g.create(a.he, { name: '长安区行政区域（工作日）', kind: 'permitted', polygon: county, window: { days: [1, 2, 3, 4, 5], from: '08:00', to: '18:00' } });
  await g.create(a.he, { name: '抱犊寨景区', kind: 'forbidden', circle: { ...BAODUZHAI, radiusM: 1500 } });
  const car = (plate: string) => d.db.manager.findOneByOrFail(VehicleEntity, { plate });
  const spots: Array<[string, RequestActor, string, { lat: number; lng: number }]> = [
    ['冀A00108', a.he, '长安区政府大院停车场', { lat: 38.0430, lng: 114.5410 }],
    ['冀A00109', a.he, '长安区政府大院停车场', { lat: 38.0430, lng: 114.5410 }],
    ['冀A00101', a.zhao, '省发改委机关院内', { lat: 38.0426, lng: 114.5149 }],
    ['冀A00105', a.ding, '省疾控中心院内停车场', { lat: 38.0270, lng: 114.5303 }],
  ];
  for (const [plate, who, name, p] of spots) await g.setParkingSpot(who, (await car(plate)).id, { name, ...p, radiusM: 150 });

  const e = d.supervision.engine;
  const at = (ago: number, time: string) => shanghaiInstant(addShanghaiDays(today, -ago), time);
  const onCar = async (plate: string) => { const v = await car(plate); return { vehicle: { id: v.id, plate: v.plate }, unitId: v.ownerUnitId, regionCode: v.regionCode }; };
  const c108 = await onCar('冀A00108');
  const c109 = await onCar('冀A00109');
  const c101 = await onCar('冀A00101');
  const c105 = await onCar('冀A00105');
  await e.raise({ kind: 'area_exit', dedupeKey: `seed:fence:exit:${c109.vehicle.id}`, ...c109, occurredAt: at(4, '14:35'),
    title: `${formatPlate(c109.vehicle.plate)} 驶出「长安区行政区域（工作日）」`,
    detail: `${formatShanghai(at(4, '14:35'))} 位于 38.00210, 114.47850，在允许区域之外（电子围栏「长安区行政区域（工作日）」，周一至周五 08:00–18:00）` });
  await e.raise({ kind: 'forbidden_area_entry', dedupeKey: `seed:fence:entry:${c108.vehicle.id}`, ...c108, occurredAt: at(5, '11:10'),
    title: `${formatPlate(c108.vehicle.plate)} 驶入「抱犊寨景区」`,
    detail: `${formatShanghai(at(5, '11:10'))} 位于 38.05920, 114.29640，在禁入区域之内（电子围栏「抱犊寨景区」，全天候）` });
  await e.raise({ kind: 'overnight_parking_away', dedupeKey: `seed:overnight:${c101.vehicle.id}`, ...c101, occurredAt: at(2, '23:00'),
    title: `${formatPlate(c101.vehicle.plate)} 未按规定停放过夜`,
    detail: `${formatShanghai(at(2, '23:00'))} 停放于 38.06120, 114.48010，距定点停放位置「省发改委机关院内」约 3.1 公里` });
  await e.raise({ kind: 'overnight_parking_away', dedupeKey: `seed:overnight:${c108.vehicle.id}`, ...c108, occurredAt: at(7, '23:00'),
    title: `${formatPlate(c108.vehicle.plate)} 未按规定停放过夜`,
    detail: `${formatShanghai(at(7, '23:00'))} 停放于 38.03010, 114.56020，距定点停放位置「长安区政府大院停车场」约 2.5 公里` });
  await e.raise({ kind: 'terminal_offline', dedupeKey: `seed:offline:${c105.vehicle.id}`, ...c105, occurredAt: at(3, '09:00'),
    title: `${formatPlate(c105.vehicle.plate)} 终端长时间离线`,
    detail: `终端最后一次上报于 ${formatShanghai(at(4, '07:40'))}，已超过 24 小时未上报位置` });
  const unit = await d.db.manager.findOneByOrFail(UnitEntity, { id: a.he.unitId });
  await e.raise({ kind: 'over_quota', dedupeKey: `seed:quota:${unit.id}`, vehicle: null, unitId: unit.id, regionCode: unit.regionCode, occurredAt: at(1, '06:40'),
    title: `${unit.name} 超编制配备`, detail: `${unit.name} 一般公务用车编制 1 辆，现有 2 辆，超编 1 辆` });
}

async function actorOf(db: Database, name: string): Promise<RequestActor> {
  const u = await db.manager.findOneOrFail(UserEntity, { where: { name } });
  const region = await db.manager.findOneOrFail(RegionEntity, { where: { code: u.regionCode } });
  const roles = (await db.manager.find(UserRoleEntity, { where: { userId: u.id } })).map((r) => r.role as Role);
  const base = { userId: u.id, unitId: u.unitId, regionCode: u.regionCode, regionLevel: region.level as RegionLevel, roles };
  return { ...base, scope: scopeOf(base), name: u.name, tokenId: 'seed' };
}
