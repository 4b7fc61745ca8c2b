import crypto from 'node:crypto';
import request from 'supertest';
import type { Role } from '@shared/identity/identity.schemas';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { signInAs } from '../../helpers/auth';
import { seedUnitId, seedUserId, seedVehicleId } from '../../helpers/seed-lookup';
import { as, tripBody } from '../../helpers/trips';
import { dateOf } from '../../helpers/day-plans';
import { UnitEntity, UserEntity, UserRoleEntity } from '../../../server/src/modules/identity/identity.entity';
import { DriverEntity } from '../../../server/src/modules/fleet/fleet.entity';
import { AssignmentEntity, TripEntity } from '../../../server/src/modules/trips/trips.entity';
import { DayPlanEntity } from '../../../server/src/modules/dispatch/day-plan/day-plan.entity';
import { PaymentRefundEntity } from '../../../server/src/modules/payments/payments.entity';
import { recordBillableOrder } from '../../../server/src/modules/settlement';
import { SettlementStatementEntity } from '../../../server/src/modules/settlement/settlement.entity';
import { CommandEntity } from '../../../server/src/modules/telematics/command.entity';
import { EvidenceEntity, GeofenceEntity, ParkingSpotEntity, WarningEntity } from '../../../server/src/modules/supervision/supervision.entity';
import { PricePhotoEntity, ReservationEntity, RoomNightEntity, RoomTypeEntity } from '../../../server/src/modules/reservations/reservations.entity';
import { TravelCardPaymentEntity, TravelInvoiceEntity, TravelLinkEntity } from '../../../server/src/modules/travel/travel.entity';
import type { ApiRouter } from '../../../server/src/platform/http/api-router';
import { mayUseMethod } from '../../../server/src/platform/access';
import { ViolationEntity } from '../../../server/src/modules/violations/violations.entity';
import { CarEntity, ClaimEntity, EvidenceEntity as RentalEvidenceEntity, FaultEntity, PlanEntity, RentalEntity, StationEntity } from '../../../server/src/modules/rental/rental.entity';

/**
 * Every route of the real app that takes an id, asked by a user of every role for an object of
 * another unit and region — all of them of 竞秀区人民政府办公室 (保定, 130602), which no actor below
 * sits in or supervises, and addressed to a second rental company in 保定. Each answer must be 404
 * (as if missing, DOMAIN.md §2) or 403 when the role may not use the route at all — never 200, 201
 * or 500 — and nothing may change. The table below says, per route, which foreign object fills its
 * id and what a valid request carries (so validation cannot answer first); a route of the app with
 * no entry fails the test by name, so a new id route cannot ship without its access decision.
 */

type Resource =
  | 'trip' | 'assignment' | 'receipt' | 'receiptImage' | 'rentalOrder' | 'statement' | 'approval' | 'message' | 'dayPlan'
  | 'vehicle' | 'driver' | 'command' | 'unit' | 'user' | 'region' | 'payment' | 'reconciliation' | 'eventDelivery' | 'warning' | 'evidenceImage'
  | 'rental' | 'rentalCar' | 'rentalFault' | 'rentalClaim' | 'rentalEvidenceImage' | 'reservation' | 'travel' | 'violation' | 'geofence'
  | 'tripEvidenceImage' | 'pricePhotoImage';

/** The foreign objects and what valid bodies refer to. */
interface Foreign {
  ids: Record<Resource, string | number>;
  vehicleId: number;
  driverId: number;
  dayPlanTripId: number;
  statementLineId: number;
}

/** How to ask a route about a foreign object: which object fills the id, and a request that passes validation. */
interface Entry {
  resource: Resource;
  body?: (f: Foreign) => object;
  query?: (f: Foreign) => Record<string, string | number>;
  /** Path parameters other than the one the foreign object fills. */
  params?: (f: Foreign) => Record<string, string | number>;
  /** The body is an image (receipt upload). */
  image?: boolean;
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(24)]);
const hourAgo = () => new Date(Date.now() - 3600_000).toISOString();

/** The policy table: every id route → the foreign object it is asked about. */
const table: Record<string, Entry> = {
  'GET /api/regions/:code': { resource: 'region' },
  'GET /api/violations/:id': { resource: 'violation' },
  'POST /api/violations/:id/assign': { resource: 'violation', body: () => ({ userId: 1, note: '跨范围指派' }) },
  'GET /api/violations/:id/candidates': { resource: 'violation' },
  'POST /api/violations/:id/assign-trip': { resource: 'violation', body: () => ({ assignmentId: 1, note: '跨范围指派' }) },
  'GET /api/units/:id': { resource: 'unit' },
  'GET /api/users/:id': { resource: 'user' },
  'PUT /api/users/:id/roles': { resource: 'user', body: () => ({ roles: ['applicant'] }) },
  'GET /api/vehicles/:id': { resource: 'vehicle' },
  'GET /api/vehicles/:id/life': { resource: 'vehicle' },
  'POST /api/vehicles/:id/renewal': { resource: 'vehicle', body: () => ({ brandModel: '比亚迪 汉 EV', energyType: 'electric', displacementMl: null, priceFen: 16_000_000, seats: 5, reason: '跨范围更新', earlyReason: '跨范围提前更新' }) },
  'POST /api/vehicles/:id/disposal': { resource: 'vehicle', body: () => ({ method: 'scrap', reason: '跨范围处置' }) },
  'POST /api/vehicles/:id/disposal/proceeds': { resource: 'vehicle', body: () => ({ proceedsFen: 100, counterparty: '跨范围买受人', completedOn: '2026-12-01' }) },
  'POST /api/vehicles/:id/exemption': { resource: 'vehicle', body: () => ({ reason: 'special_technical', detail: '跨范围申请', unitOpinion: '同意' }) },
  'POST /api/vehicles/:id/terminal': { resource: 'vehicle', body: () => ({ terminalPhone: '013899999999' }) },
  'POST /api/vehicles/:id/terminal/unbind': { resource: 'vehicle' },
  'GET /api/drivers/:id': { resource: 'driver' },
  'PUT /api/drivers/:id': { resource: 'driver', body: () => ({ licenceClass: 'C1', licenceExpires: '2031-01-01', status: 'suspended' }) },
  'GET /api/trips/:id': { resource: 'trip' },
  'PUT /api/trips/:id': { resource: 'trip', body: () => tripBody({ purpose: '跨范围修改' }, { daysAhead: 5 }) },
  'POST /api/trips/:id/cancel': { resource: 'trip', body: () => ({ reason: '跨范围取消' }) },
  'POST /api/trips/:id/no-show': { resource: 'trip', body: () => ({ note: '跨范围' }) },
  'POST /api/trips/:id/review': { resource: 'trip', body: () => ({ comment: '跨范围审核' }) },
  'POST /api/trips/:id/confirm': { resource: 'trip' },
  'POST /api/trips/:id/rate': { resource: 'trip', body: () => ({ rating: 5, comment: '' }) },
  'POST /api/trips/:id/assignments/:assignmentId/costs': {
    resource: 'trip', params: (f) => ({ assignmentId: f.ids.assignment }),
    body: () => ({ rentalFen: 0, fuelFen: 100, tollFen: 0, parkingFen: 0, otherFen: 0, reason: '跨范围更正' }),
  },
  'POST /api/dispatch/trips/:id': { resource: 'trip', body: (f) => ({ source: 'fleet', picks: [{ vehicleId: f.vehicleId, driverId: f.driverId }] }) },
  'POST /api/assignments/:id/accept': { resource: 'assignment' },
  'POST /api/assignments/:id/depart': { resource: 'assignment', body: () => ({ odometerKm: 99000 }) },
  'POST /api/assignments/:id/return': { resource: 'assignment', body: () => ({ odometerKm: 99010 }) },
  'POST /api/assignments/:id/receipts': { resource: 'assignment', query: () => ({ kind: 'fuel' }), image: true },
  'GET /api/assignments/:id/receipts': { resource: 'assignment' },
  'POST /api/assignments/:id/evidence/:stage/:side': { resource: 'assignment', params: () => ({ stage: 'depart', side: 'front' }), image: true },
  'GET /api/trips/:id/evidence': { resource: 'trip' },
  // A 出车/回场 photo is public by signed link only, as a receipt's image is.
  'GET /api/trip-evidence/:id/image': { resource: 'tripEvidenceImage', query: () => ({ exp: Math.floor(Date.now() / 1000) + 600, sig: '0'.repeat(32) }) },
  'POST /api/dispatch/assignments/:id/reassign': { resource: 'assignment', body: (f) => ({ vehicleId: f.vehicleId, driverId: f.driverId, reason: '跨范围改派' }) },
  'DELETE /api/receipts/:id': { resource: 'receipt' },
  // A receipt's image is public by signed link only: without a valid signature it does not exist, for anyone.
  'GET /api/receipts/:id/image': { resource: 'receiptImage', query: () => ({ exp: Math.floor(Date.now() / 1000) + 600, sig: '0'.repeat(32) }) },
  'POST /api/rental-orders/:id/accept': { resource: 'rentalOrder', body: (f) => ({ vehicleId: f.vehicleId, driverId: f.driverId }) },
  'POST /api/rental-orders/:id/decline': { resource: 'rentalOrder', body: () => ({ reason: '跨范围拒单' }) },
  'GET /api/approvals/:id': { resource: 'approval' },
  'POST /api/approvals/:id/decide': { resource: 'approval', body: () => ({ action: 'approve' }) },
  'POST /api/messages/:id/read': { resource: 'message' },
  'GET /api/dispatch/day-plans/:id': { resource: 'dayPlan' },
  'POST /api/dispatch/day-plans/:id/apply': { resource: 'dayPlan' },
  'GET /api/dispatch/day-plans/:id/moves': { resource: 'dayPlan', query: (f) => ({ tripId: f.dayPlanTripId }) },
  'POST /api/dispatch/day-plans/:id/moves': { resource: 'dayPlan', body: (f) => ({ tripId: f.dayPlanTripId, from: null, to: null }) },
  'GET /api/settlement/statements/:id': { resource: 'statement' },
  'GET /api/settlement/statements/:id/export.xlsx': { resource: 'statement' },
  'POST /api/settlement/statements/:id/review': { resource: 'statement', body: (f) => ({ lines: [{ lineId: f.statementLineId, decision: 'confirm' }] }) },
  'POST /api/settlement/statements/:id/corrections': { resource: 'statement', body: () => ({ amountFen: -100, reason: '跨范围调整' }) },
  'POST /api/settlement/statements/:id/resubmit': { resource: 'statement' },
  'POST /api/settlement/statements/:id/approve': { resource: 'statement' },
  'POST /api/settlement/statements/:id/pay': { resource: 'statement', body: () => ({ paymentReference: 'X-CROSS-1' }) },
  'GET /api/payments/:outTradeNo': { resource: 'payment' },
  'POST /api/payments/:outTradeNo/sync': { resource: 'payment' },
  'GET /api/payments/:outTradeNo/refunds': { resource: 'payment' },
  'POST /api/payments/:outTradeNo/refunds': { resource: 'payment', body: () => ({ amountFen: 100, reason: '跨范围退款' }) },
  'GET /api/payments/reconciliations/:id': { resource: 'reconciliation' },
  'GET /api/telematics/vehicles/:id/track': { resource: 'vehicle', query: () => ({ from: hourAgo(), to: new Date().toISOString() }) },
  'POST /api/telematics/vehicles/:id/commands': { resource: 'vehicle', body: () => ({ kind: 'locate', waitMs: 0 }) },
  'GET /api/telematics/commands/:id': { resource: 'command' },
  // The platform's own event deliveries: the platform admin's alone, whoever else asks is refused by role.
  'POST /api/platform/event-deliveries/:id/retry': { resource: 'eventDelivery' },
  'GET /api/supervision/warnings/:id': { resource: 'warning' },
  'POST /api/supervision/warnings/:id/check': { resource: 'warning', body: () => ({ note: '跨范围核查' }) },
  'POST /api/supervision/warnings/:id/appeal': { resource: 'warning', body: () => ({ reason: '跨范围申诉' }) },
  'POST /api/supervision/warnings/:id/evidence': { resource: 'warning', image: true },
  // An appeal photo is public by signed link only, as a receipt's image is.
  'GET /api/supervision/evidence/:id/image': { resource: 'evidenceImage', query: () => ({ exp: Math.floor(Date.now() / 1000) + 600, sig: '0'.repeat(32) }) },
  'POST /api/supervision/warnings/:id/decide': { resource: 'warning', body: () => ({ outcome: 'confirm', note: '跨范围处理' }) },
  'POST /api/supervision/warnings/:id/publish': { resource: 'warning', body: () => ({}) },
  // A rule switched for 竞秀区: the region in the body is the foreign object.
  'PUT /api/supervision/rules/:kind': { resource: 'region', params: () => ({ kind: 'speeding' }), body: (f) => ({ regionCode: f.ids.region, enabled: false }) },
  // 电子围栏 of 竞秀区 and the designated overnight spot of its car (#18 item 1).
  'DELETE /api/supervision/geofences/:id': { resource: 'geofence' },
  'GET /api/supervision/parking-spots/:vehicleId': { resource: 'vehicle' },
  'DELETE /api/supervision/parking-spots/:vehicleId': { resource: 'vehicle' },
  'PUT /api/supervision/parking-spots/:vehicleId': { resource: 'vehicle', body: () => ({ name: '跨范围停放点', lat: 38.86, lng: 115.48, radiusM: 100 }) },
  // 分时租赁: 曹阳's rental of a car of the 保定 company, with a fault report.
  'GET /api/rental/rentals/:id': { resource: 'rental' },
  'POST /api/rental/rentals/:id/cancel': { resource: 'rental' },
  'POST /api/rental/rentals/:id/unlock': { resource: 'rental' },
  'POST /api/rental/rentals/:id/lock': { resource: 'rental' },
  'POST /api/rental/rentals/:id/return': { resource: 'rental' },
  'POST /api/rental/rentals/:id/pay': { resource: 'rental' },
  'POST /api/rental/rentals/:id/faults': { resource: 'rental', body: () => ({ description: '跨范围故障', photos: [] }) },
  'PATCH /api/rental/company/cars/:id': { resource: 'rentalCar', body: () => ({ batteryPct: 50 }) },
  'POST /api/rental/company/rentals/:id/close': { resource: 'rental', body: () => ({ note: '跨范围结束' }) },
  'POST /api/rental/company/faults/:id/decide': { resource: 'rentalFault', body: () => ({ endWithoutCharge: true }) },
  // 交接车照片 and 车损索赔 of that rental (#21).
  'POST /api/rental/rentals/:id/handover/:stage/:side': { resource: 'rental', params: () => ({ stage: 'start', side: 'front' }), image: true },
  'GET /api/rental/rentals/:id/handover': { resource: 'rental' },
  'GET /api/rental/evidence/:id/image': { resource: 'rentalEvidenceImage', query: () => ({ exp: Math.floor(Date.now() / 1000) + 600, sig: '0'.repeat(32) }) },
  'POST /api/rental/company/rentals/:id/claims': { resource: 'rental', body: (f) => ({ description: '跨范围索赔', items: [{ name: '跨范围', amountFen: 100 }], evidenceIds: [Number(f.ids.rentalEvidenceImage)] }) },
  'GET /api/rental/claims/:id': { resource: 'rentalClaim' },
  'POST /api/rental/claims/:id/appeal': { resource: 'rentalClaim', body: () => ({ reason: '跨范围申诉' }) },
  'POST /api/rental/claims/:id/decide': { resource: 'rentalClaim', body: () => ({ uphold: false }) },
  'POST /api/rental/claims/:id/pay': { resource: 'rentalClaim' },
  'GET /api/reservations/:id': { resource: 'reservation' },
  'POST /api/reservations/:id/cancel': { resource: 'reservation', body: () => ({ reason: '跨范围取消' }) },
  'POST /api/reservations/:id/pay': { resource: 'reservation' },
  'POST /api/reservations/:id/confirm': { resource: 'reservation' },
  'POST /api/reservations/:id/refuse': { resource: 'reservation', body: () => ({ reason: '跨范围拒绝' }) },
  'POST /api/reservations/:id/price-record/screenshot': { resource: 'reservation', image: true },
  'GET /api/reservations/price-records/:id/image': { resource: 'pricePhotoImage', query: () => ({ exp: Math.floor(Date.now() / 1000) + 600, sig: '0'.repeat(32) }) },
  'GET /api/travel/:id': { resource: 'travel' },
  'GET /api/travel/:id/export.xlsx': { resource: 'travel' },
  'POST /api/travel/:id/invoices': { resource: 'travel', body: () => ({ category: 'other', invoice: {
    invoiceCode: null, invoiceNumber: '26132000000099990001', issuedOn: dateOf(3), sellerName: '跨范围商户', sellerTaxId: null, buyerTaxId: '11130000000000000A', amountFen: 100, taxFen: 0,
  } }) },
  'POST /api/travel/:id/card-payments': { resource: 'travel', body: () => ({ cardLast4: '1234', paidAt: `${dateOf(3)} 12:00`, merchant: '跨范围商户', amountFen: 100, bankRef: 'CROSS-0001' }) },
  'POST /api/travel/:id/vehicles': { resource: 'travel', body: (f) => ({ kind: 'trip', subjectId: Number(f.ids.trip) }) },
  'POST /api/travel/:id/card-statement': { resource: 'travel', body: () => ({ csv: `交易日期,交易时间,卡号,商户名称,交易金额,交易参考号\n${dateOf(3)},12:00:00,1234,跨范围商户,1.00,CROSS-0002` }) },
};

/**
 * Roles whose scope holds every object of a kind by design (DOMAIN.md §2: the platform admin sees
 * everything), so nothing of that kind is foreign to them; those cells are not asked. A message is
 * its recipient's alone and a receipt image needs its signed link, whoever asks; a reconciliation
 * run is the WeChat Pay merchant's daily bill, the platform's and not a unit's, read by every
 * finance role (access finance.policy).
 */
const seenByAll: Partial<Record<Resource, readonly Role[]>> = { message: [], receiptImage: [], evidenceImage: [], rentalEvidenceImage: [], tripEvidenceImage: [], pricePhotoImage: [], reconciliation: ['finance', 'platform_admin'] };
const everywhere = (r: Resource): readonly Role[] => seenByAll[r] ?? ['platform_admin'];

/** One signed-in user per role (two for finance: a city bureau's, which settles 石家庄, and an ordinary unit's). */
const actors: Array<[label: string, name: string]> = [
  ['applicant', '杨帆'], ['approver', '李秀英'], ['dispatcher', '张伟'], ['driver', '刘强'], ['fleet_admin', '赵磊'],
  ['rental_operator', '高峰'], ['supplier_operator', '林娜'], ['finance (city bureau)', '郭敏'], ['finance (unit)', '周婷'],
  ['supervisor', '吴芳'], ['platform_admin', '陈静'],
  // Read-only oversight accounts (access/oversight.policy): a county's 纪检, a city's 财政 and 审计 — none of them over 保定.
  ['discipline_inspector', '沈洁'], ['finance_bureau', '彭飞'], ['audit_bureau', '袁伟'],
];

const idRoutes = (routers: ApiRouter[]) => routers.flatMap((r) => r.routes).filter((r) => /\/:[A-Za-z]/.test(r.path));
const keyOf = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`;

describe(`cross-scope matrix: every id route × every role, on an object of another unit and region (${backend})`, () => {
  let t: TestApp;
  const f = { ids: {} } as Foreign;
  let before: Awaited<ReturnType<typeof snapshot>>;
  let jx: number;
  const tally = { asked404: 0, asked403: 0, seenByDesign: 0 };

  const snapshot = async () => {
    const m = t.deps.db.manager;
    return {
      trip: (await m.findOneByOrFail(TripEntity, { id: Number(f.ids.trip) })).status,
      tripEvents: (await t.deps.db.manager.query(`SELECT COUNT(*) AS n FROM trip_event WHERE trip_id = ${Number(f.ids.trip)}`) as Array<{ n: number | string }>).map((r) => Number(r.n))[0]!,
      assignment: (await m.findOneByOrFail(AssignmentEntity, { id: Number(f.ids.assignment) })).status,
      rentalOrder: (await m.findOneByOrFail(AssignmentEntity, { id: Number(f.ids.rentalOrder) })).status,
      statement: (await m.findOneByOrFail(SettlementStatementEntity, { id: Number(f.ids.statement) })).status,
      dayPlan: (await m.findOneByOrFail(DayPlanEntity, { id: Number(f.ids.dayPlan) })).status,
      refunds: await m.countBy(PaymentRefundEntity, {}),
      warning: (await m.findOneByOrFail(WarningEntity, { id: Number(f.ids.warning) })).status,
      geofences: await m.countBy(GeofenceEntity, {}),
      parkingSpots: await m.countBy(ParkingSpotEntity, {}),
      evidence: await m.countBy(EvidenceEntity, {}),
      rental: f.ids.rental ? JSON.stringify(await m.findOneByOrFail(RentalEntity, { id: Number(f.ids.rental) })) : '',
      rentalCar: f.ids.rentalCar ? JSON.stringify(await m.findOneByOrFail(CarEntity, { id: Number(f.ids.rentalCar) })) : '',
      rentalFault: f.ids.rentalFault ? (await m.findOneByOrFail(FaultEntity, { id: Number(f.ids.rentalFault) })).status : '',
      rentalFaults: await m.countBy(FaultEntity, {}),
      rentalClaims: f.ids.rentalClaim ? JSON.stringify(await m.find(ClaimEntity, { order: { id: 'ASC' } })) : '',
      rentalEvidence: await m.countBy(RentalEvidenceEntity, {}),
      reservation: f.ids.reservation ? (await m.findOneByOrFail(ReservationEntity, { id: Number(f.ids.reservation) })).status : '',
      violation: f.ids.violation ? JSON.stringify(await m.findOneByOrFail(ViolationEntity, { id: Number(f.ids.violation) })) : '',
      travel: f.ids.travel ? JSON.stringify([await m.countBy(TravelInvoiceEntity, {}), await m.countBy(TravelCardPaymentEntity, {}), await m.countBy(TravelLinkEntity, {})]) : '',
    };
  };

  beforeAll(async () => {
    t = await startTestApp();
    const m = t.deps.db.manager;
    jx = await seedUnitId(t, '竞秀区人民政府办公室');
    // 竞秀区 has no approver and its driver no account in the seed; a second rental company sits in 保定.
    const addUser = async (name: string, phone: string, roles: Role[]) => {
      const u = await m.getRepository(UserEntity).save({ name, phone, unitId: jx, regionCode: '130602', openid: null, status: 'active' as const, createdAt: new Date() });
      for (const role of roles) await m.getRepository(UserRoleEntity).insert({ userId: u.id, role });
      return u.id;
    };
    await addUser('竞秀审批员', '13703120041', ['approver']);
    await m.getRepository(DriverEntity).update({ name: '贾平' }, { userId: await addUser('贾平', '13703120032', ['driver']) });
    const company = await m.getRepository(UnitEntity).save({ name: '保定公务出行汽车租赁有限公司', kind: 'rental_company' as const, regionCode: '130600', parentId: null, phone: null, createdAt: new Date() });

    const cao = await as(t, '曹阳'); // 竞秀区's applicant and dispatcher
    const jxApprover = await as(t, '竞秀审批员');
    const jia = await as(t, '贾平');
    const admin = await as(t, '陈静');
    const approve = async (tripId: number) => {
      const item = (await jxApprover.get('/api/approvals')).body.items.find((i: { subjectId: number }) => i.subjectId === tripId);
      expect((await jxApprover.post(`/api/approvals/${item.id}/decide`, { action: 'approve' })).status).toBe(200);
    };

    // Trip A: an emergency dispatched with 竞秀区's own car and driver (its backfill approval still pending); the driver departs and files a receipt.
    const emergency = await cao.post('/api/dispatch/emergency', tripBody({ purpose: '竞秀区紧急用车' }, { daysAhead: 2, hour: 9 }));
    expect(emergency.status).toBe(201);
    f.ids.trip = emergency.body.trip.id;
    f.ids.assignment = emergency.body.trip.assignments[0].id;
    f.vehicleId = await seedVehicleId(t, '冀F00111');
    f.driverId = (await m.findOneByOrFail(DriverEntity, { name: '贾平' })).id;
    expect((await jia.post(`/api/assignments/${f.ids.assignment}/accept`)).status).toBe(200);
    expect((await jia.post(`/api/assignments/${f.ids.assignment}/depart`, { odometerKm: 18010 })).status).toBe(200);
    const receipt = await request(t.callback).post(`/api/assignments/${f.ids.assignment}/receipts?kind=fuel`)
      .set('Authorization', (await signInAs(t, '贾平')).Authorization).set('Content-Type', 'image/png').send(PNG);
    expect(receipt.status).toBe(201);
    f.ids.receipt = receipt.body.id;
    f.ids.receiptImage = receipt.body.id;
    const departPhoto = await request(t.callback).post(`/api/assignments/${f.ids.assignment}/evidence/depart/front`)
      .set('Authorization', (await signInAs(t, '贾平')).Authorization).set('Content-Type', 'image/png').send(PNG);
    expect(departPhoto.status).toBe(201);
    f.ids.tripEvidenceImage = departPhoto.body.id;
    f.ids.approval = (await jxApprover.get('/api/approvals')).body.items.find((i: { subjectId: number }) => i.subjectId === f.ids.trip).id;

    // Trip B: approved, sent to the 保定 rental company (an order addressed to it).
    const b = await cao.post('/api/trips', tripBody({ purpose: '竞秀区租车' }, { daysAhead: 4, hour: 9 }));
    await approve(b.body.id);
    const sent = await cao.post(`/api/dispatch/trips/${b.body.id}`, { source: 'rental', companyId: company.id });
    expect(sent.status).toBe(200);
    f.ids.rentalOrder = sent.body.assignments[0].id;

    // Trip C: approved, planned in a day plan of 竞秀区.
    const c = await cao.post('/api/trips', tripBody({ purpose: '竞秀区排班' }, { daysAhead: 3, hour: 9 }));
    await approve(c.body.id);
    f.dayPlanTripId = c.body.id;
    const plan = await cao.post('/api/dispatch/day-plans', { date: dateOf(3), mode: 'quick' });
    expect(plan.status).toBe(201);
    f.ids.dayPlan = plan.body.id;

    // A hotel in 保定 with a room 曹阳 booked on trip C (addressed to that hotel, waiting for it to confirm).
    const bdHotel = await m.getRepository(UnitEntity).save({ name: '保定市政府接待中心宾馆', kind: 'hotel' as const, regionCode: '130600', parentId: null, phone: null, createdAt: new Date() });
    const roomType = await m.getRepository(RoomTypeEntity).save({ hotelId: bdHotel.id, name: '标准间' });
    await m.getRepository(RoomNightEntity).insert({ roomTypeId: roomType.id, night: dateOf(3), total: 3, remaining: 3, rateFen: 30_000 });
    const stay = await cao.post('/api/reservations/hotel', { tripId: c.body.id, roomTypeId: roomType.id, checkIn: dateOf(3), nights: 1, rooms: 1 });
    expect(stay.status).toBe(201);
    f.ids.reservation = stay.body.id;
    f.ids.pricePhotoImage = (await m.getRepository(PricePhotoEntity).save({
      reservationId: stay.body.id, contentType: 'image/png', sizeBytes: PNG.length, accessKey: 'k'.repeat(48), data: PNG, uploadedBy: cao.userId, uploadedAt: new Date(),
    })).id;
    // 曹阳's 出差 application (a record of 竞秀区, approved by its approver).
    const travel = await cao.post('/api/travel', {
      purpose: '竞秀区出差', legs: [{ departOn: dateOf(3), arriveOn: dateOf(3), fromPlace: '保定', toPlace: '石家庄', toRegionCode: '130100', transport: 'train' }], hotel: true,
    });
    expect(travel.status).toBe(201);
    const travelItem = (await jxApprover.get('/api/approvals?kind=travel')).body.items.find((i: { subjectId: number }) => i.subjectId === travel.body.id);
    expect((await jxApprover.post(`/api/approvals/${travelItem.id}/decide`, { action: 'approve' })).status).toBe(200);
    f.ids.travel = travel.body.id;

    // 曹阳's own message (已派车), and his paid payment, partly refunded by the platform admin.
    let messages: Array<{ id: number }> = [];
    for (let i = 0; i < 50 && !messages.length; i++) {
      messages = (await cao.get('/api/messages')).body.items ?? [];
      if (!messages.length) await new Promise((r) => setTimeout(r, 100));
    }
    f.ids.message = messages[0]!.id;
    const { payment } = await t.deps.payments.payments.startPayment({
      payerUserId: cao.userId, payerOpenid: 'openid-cao', amountFen: 5000, description: '分时租赁押金', sourceKind: 'deposit', sourceId: `user-${cao.userId}`,
    });
    t.deps.fakeWechatPay!.settle(payment.outTradeNo);
    expect((await cao.post(`/api/payments/${payment.outTradeNo}/sync`)).body.status).toBe('paid');
    expect((await admin.post(`/api/payments/${payment.outTradeNo}/refunds`, { amountFen: 1000, reason: '部分退还', refundNo: 'RF-CROSS-0001' })).status).toBe(201);
    f.ids.payment = payment.outTradeNo;
    f.ids.reconciliation = (await t.deps.payments.reconciliation.reconcile('system', dateOf(-3))).id;

    // A statement of the 保定 company billed to 竞秀区.
    await recordBillableOrder({
      sourceKind: 'rental', sourceId: 'RO-CROSS-1', companyId: company.id, unitId: jx, amountFen: 12300, description: '跨范围订单',
      completedAt: new Date(Date.UTC(2025, 10, 5, 2)),
    }, { db: t.deps.db, ledger: t.deps.ledger, clock: t.deps.clock });
    const made = await admin.post('/api/settlement/statements/generate', { period: '2025-11' });
    f.ids.statement = made.body.find((s: { unitId: number }) => s.unitId === jx).id;
    f.statementLineId = (await admin.get(`/api/settlement/statements/${f.ids.statement}`)).body.lines[0].id;

    // A command for 竞秀区's car, and the car, its driver, the unit, a user and the region.
    f.ids.command = crypto.randomUUID();
    const now = new Date();
    await m.getRepository(CommandEntity).insert({
      id: String(f.ids.command), vehicleId: f.vehicleId, kind: 'locate', params: null, idempotencyKey: null, state: 'failed', attempts: 0,
      failureCode: 'TERMINAL_OFFLINE', failureMessage: '终端不在线', lockState: null, requestedBy: cao.userId, createdAt: now, deadlineAt: now, updatedAt: now,
    });
    f.ids.vehicle = f.vehicleId;
    f.ids.driver = f.driverId;
    f.ids.unit = jx;
    f.ids.user = await seedUserId(t, '曹阳');
    f.ids.region = '130602';
    f.ids.eventDelivery = 1;
    // A 无单出车 warning about 竞秀区's car.
    f.ids.warning = (await t.deps.supervision.engine.raise({
      kind: 'no_trip_movement', dedupeKey: 'cross-scope-1', vehicle: { id: f.vehicleId, plate: '冀F00111' }, unitId: jx, regionCode: '130602',
      title: '冀F·00111 无单出车', detail: '跨范围测试', occurredAt: new Date(),
    }))!.id;
    f.ids.geofence = (await m.getRepository(GeofenceEntity).save({
      unitId: jx, regionCode: '130602', name: '竞秀区范围', kind: 'permitted' as const, centerLat: 38.86, centerLng: 115.48, radiusM: 8000, polygonJson: null,
      days: null, fromMin: null, toMin: null, createdBy: cao.userId, createdAt: now,
    })).id;
    f.ids.evidenceImage = (await m.getRepository(EvidenceEntity).save({
      warningId: Number(f.ids.warning), contentType: 'image/png', sizeBytes: PNG.length, accessKey: 'k'.repeat(48), data: PNG, uploadedBy: cao.userId, createdAt: now,
    })).id;
    const station = await m.getRepository(StationEntity).save({
      companyId: company.id, name: '保定站', address: '保定', lat: 38.86, lng: 115.48, fence: JSON.stringify({ kind: 'circle', center: { lat: 38.86, lng: 115.48 }, radiusM: 100 }), acceptsReturns: true, createdAt: now,
    });
    const ratePlan = await m.getRepository(PlanEntity).save({
      companyId: company.id, name: '保定按分钟', timeUnit: 'minute' as const, dayRateFen: 50, nightRateFen: null, nightStartMinute: 1320, nightEndMinute: 360, perKmFen: 80, dailyCapFen: null, minChargeFen: 0,
    });
    const car = await m.getRepository(CarEntity).save({
      vehicleId: f.vehicleId, companyId: company.id, stationId: station.id, planId: ratePlan.id, plate: '冀F00111', model: '测试', seats: 5, batteryPct: 80, rangeKm: 300, status: 'in_rental' as const,
    });
    const rental = await m.getRepository(RentalEntity).save({
      userId: f.ids.user as number, userName: '曹阳', unitId: jx, companyId: company.id, carId: car.id, vehicleId: f.vehicleId, purpose: 'personal' as const, tripId: null,
      status: 'in_rental' as const, openUserKey: f.ids.user as number, openCarKey: car.id, reservedAt: now, holdUntil: now, startedAt: now, endedAt: null,
      startOdometerHm: null, endOdometerHm: null, amountFen: null, price: null, payment: 'none' as const, outTradeNo: null, returnStationId: null, note: null,
    });
    const fault = await m.getRepository(FaultEntity).save({
      rentalId: rental.id, companyId: company.id, userId: f.ids.user as number, description: '跨范围', photos: '[]', status: 'open' as const, comment: '', createdAt: now, decidedAt: null, decidedBy: null,
    });
    const photo = await m.getRepository(RentalEvidenceEntity).save({
      rentalId: rental.id, stage: 'start' as const, side: 'front' as const, contentType: 'image/png', sizeBytes: PNG.length, accessKey: 'k'.repeat(48), data: PNG,
      chargePct: 80, odometerHm: null, doorLocked: true, accOn: false, lat: null, lng: null, fixAt: null, online: false, takenAt: now, uploadedBy: f.ids.user as number,
    });
    const claim = await m.getRepository(ClaimEntity).save({
      rentalId: rental.id, companyId: company.id, userId: f.ids.user as number, unitId: jx, purpose: 'personal' as const, description: '跨范围索赔',
      evidenceIds: JSON.stringify([photo.id]), items: JSON.stringify([{ name: '跨范围', amountFen: 100 }]), amountFen: 100, status: 'appealed' as const,
      appealDeadline: new Date(now.getTime() + 3600_000), appealReason: '跨范围', appealedAt: now, decisionNote: null, decidedBy: null, decidedAt: null,
      chargedAt: null, chargeRef: null, createdBy: f.ids.user as number, createdAt: now,
    });
    f.ids.rental = rental.id;
    // An unmatched violation of 竞秀区's car (违章, #21 item 3).
    f.ids.violation = (await m.getRepository(ViolationEntity).save({
      archiveNo: 'CROSS-VIOLATION-1', plate: '冀F00111', vehicleId: f.vehicleId, ownerUnitId: jx, occurredAt: now, place: '保定市竞秀区', lat: null, lng: null,
      act: '违反禁令标志指示', code: '1344', fineFen: 20000, points: 3, source: 'excel' as const, status: 'unmatched' as const, matchKind: null, tripId: null,
      assignmentId: null, rentalId: null, userId: null, userName: null, unitId: jx, regionCode: '130602', reason: '跨范围', importedAt: now, updatedAt: now,
    })).id;
    f.ids.rentalCar = car.id;
    f.ids.rentalFault = fault.id;
    f.ids.rentalEvidenceImage = photo.id;
    f.ids.rentalClaim = claim.id;
    before = await snapshot();
  }, 180_000);
  afterAll(() => t?.close());

  it('when the app\'s id routes are listed, then each has an entry in the policy table (a new id route fails here by name)', () => {
    const routes = idRoutes(t.deps.routers).map(keyOf);
    const missing = routes.filter((k) => !table[k]);
    if (missing.length) throw new Error(`id routes with no entry in the cross-scope policy table (say which foreign object each is asked about): ${missing.join(', ')}`);
    const stale = Object.keys(table).filter((k) => !routes.includes(k));
    // Recorded for the report: how many id routes the matrix covers (an entry for a route the app lacks is only named).
    console.log(`cross-scope matrix covers ${routes.length} id routes × ${actors.length} actors (${backend})${stale.length ? `; entries without a route: ${stale.join(', ')}` : ''}`);
    expect(routes.length).toBeGreaterThan(0);
  });

  it.each(actors)('when a %s (%s) asks every id route about an object outside their scope, then it answers 404, or 403 where the role may not use the route', async (_label, name) => {
    const token = (await signInAs(t, name)).Authorization;
    const roles = (await request(t.callback).get('/api/me').set('Authorization', token)).body.roles as Role[];
    const wrong: string[] = [];
    let asked = 0;
    for (const route of idRoutes(t.deps.routers)) {
      const entry = table[keyOf(route)];
      if (!entry) continue; // the coverage test names it
      // A read-only account may send nothing but reads (and its own session): anything else is 403 by role.
      const mayUse = (!Array.isArray(route.auth) || route.auth.some((r: Role) => roles.includes(r))) && mayUseMethod({ roles }, route.method, route.path);
      if (mayUse && roles.some((r) => everywhere(entry.resource).includes(r))) {
        tally.seenByDesign += 1;
        continue;
      }
      const expected = mayUse ? 404 : 403;
      const param = (name: string) => entry.params?.(f)[name] ?? f.ids[entry.resource];
      const path = route.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => encodeURIComponent(String(param(name))));
      let req = request(t.callback)[route.method as 'get' | 'post' | 'put' | 'delete'](path).set('Authorization', token);
      if (entry.query) req = req.query(entry.query(f));
      if (entry.image) req = req.set('Content-Type', 'image/png').send(PNG);
      else if (entry.body) req = req.send(entry.body(f));
      const res = await req;
      asked += 1;
      tally[expected === 404 ? 'asked404' : 'asked403'] += 1;
      if (res.status !== expected) wrong.push(`${keyOf(route)} (${entry.resource} ${f.ids[entry.resource]}): ${res.status} ${JSON.stringify(res.body?.error ?? res.body).slice(0, 160)}, expected ${expected}`);
    }
    expect(wrong).toEqual([]);
    expect(asked).toBeGreaterThan(0);
  });

  it('when every actor has asked, then nothing of the foreign objects changed and no refund was written', async () => {
    console.log(`cross-scope cells: ${tally.asked404} answered 404, ${tally.asked403} answered 403 by role, ${tally.seenByDesign} not asked (the role sees every such object by design)`);
    expect(await snapshot()).toEqual(before);
    const refunds = await t.deps.db.manager.find(PaymentRefundEntity, {});
    expect(refunds.map((r) => r.outRefundNo)).toEqual(['RF-CROSS-0001']);
    const read = await (await as(t, '曹阳')).get('/api/messages');
    expect(read.body.items.find((x: { id: number }) => x.id === f.ids.message)).toMatchObject({ read: false });
  });
});
