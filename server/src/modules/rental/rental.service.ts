import { formatPlate, maskIdNumber } from '@shared/common/format';
import { formatShanghai, shanghaiTime } from '@shared/common/time';
import {
  fenceSchema, rentalStatusLabel, type LicenceInput, type LicenceView, type PriceBreakdown, type Rental, type RentalPurpose, type ReserveInput,
} from '@shared/rental/rental.schemas';
import { RentalErrorCode as E } from '@shared/rental/rental.errors';
import { canDriveRental, canOperateRental, canReadRental, operatedCompany } from '../../platform/access';
import type { Actor } from '../../platform/data-scope';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import type { EventBus } from '../../platform/events';
import type { Logger } from '../../platform/logger';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors';
import type { PlanRow, RentalRow, StationRow } from './rental.entity';
import type { RentalPayScore, RentalPeople, RentalTasks, RentalTerminals } from './rental.ports';
import { RentalRepository } from './rental.repository';
import { distanceToFence, MIN_BATTERY_PCT, priceRental } from './rental.rules';
import { toPlan } from './rental-fleet.service';

export interface RentalSettings {
  /** How long a reservation holds the car (RENTAL_HOLD_MINUTES, 15 by default). */
  holdMinutes: number;
  /** How long the user may appeal a damage claim before it is charged (RENTAL_CLAIM_APPEAL_HOURS, 72 by default). */
  claimAppealHours: number;
}

export function loadRentalSettings(env: Record<string, string | undefined>): RentalSettings {
  const raw = env.RENTAL_HOLD_MINUTES ?? '15';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 120) throw new Error(`RENTAL_HOLD_MINUTES must be a whole number of minutes 1–120, got "${raw}"`);
  const rawAppeal = env.RENTAL_CLAIM_APPEAL_HOURS ?? '72';
  const h = Number(rawAppeal);
  if (!Number.isInteger(h) || h < 1 || h > 720) throw new Error(`RENTAL_CLAIM_APPEAL_HOURS must be a whole number of hours 1–720, got "${rawAppeal}"`);
  return { holdMinutes: n, claimAppealHours: h };
}

export interface RentalDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  events: Pick<EventBus, 'record'>;
  terminals: RentalTerminals;
  people: RentalPeople;
  tasks: RentalTasks;
  depositPaid: (actor: Actor) => Promise<boolean>;
  /** 免押 through 微信支付分 (payments). */
  payscore: RentalPayScore;
  settings: RentalSettings;
  repo?: RentalRepository;
}

/** Trip statuses in which an approved task can still be driven (approved, not yet done or cancelled). */
const TASK_OPEN = new Set(['approved', 'awaiting_rental', 'dispatched', 'in_progress']);
const OPEN: RentalRow['status'][] = ['reserved', 'in_rental'];
/** The 微信支付分 service order of a rental is payments' record with this source. */
export const RENTAL_PAYSCORE_KIND = 'rental';
const payscoreSource = (rentalId: number) => `rental-${rentalId}`;

/**
 * The time-share rental of a civil servant (issue #15 items 2–6): reserve, unlock (confirmed by the
 * terminal's status bit, never assumed), lock for stops, return inside a station's fence with doors
 * locked and ignition off, priced by the car's plan. Official use is billed to the unit's statement
 * (rental.ended → settlement); personal use is paid through WeChat Pay (RentalPaymentsService).
 */
export class RentalService {
  readonly repo: RentalRepository;

  constructor(private readonly deps: RentalDeps) {
    this.repo = deps.repo ?? new RentalRepository(deps.db);
  }

  /** Who had a car between two instants on time-share rentals (违章 matching): the renter and their unit. */
  async rentersOfVehicleBetween(vehicleId: number, from: Date, to: Date): Promise<Array<{ rentalId: number; userId: number; userName: string; unitId: number; startedAt: Date; endedAt: Date | null; tripId: number | null }>> {
    return (await this.repo.rentalsOfVehicleBetween(vehicleId, from, to)).map((r) => ({
      rentalId: r.id, userId: r.userId, userName: r.userName, unitId: r.unitId, startedAt: new Date(r.startedAt!), endedAt: r.endedAt ? new Date(r.endedAt) : null, tripId: r.tripId,
    }));
  }

  async saveLicence(actor: Actor, input: LicenceInput): Promise<LicenceView> {
    await this.deps.db.transaction(() => this.repo.saveLicence({ userId: actor.userId, ...input, updatedAt: this.deps.clock.now() }));
    return toLicenceView(input);
  }

  async licence(actor: Actor): Promise<LicenceView | null> {
    const l = await this.repo.licence(actor.userId);
    return l ? toLicenceView(l) : null;
  }

  /** Item 2: hold a car for the user. One open reservation or rental per user; one per car (unique keys decide a race). */
  async reserve(actor: Actor, input: ReserveInput): Promise<Rental> {
    const { db, clock } = this.deps;
    const purpose: RentalPurpose = input.purpose;
    const user = await this.deps.people.user(actor.userId);
    if (!user) throw new NotFoundError(E.RENTAL_FORBIDDEN, `用户 ${actor.userId} 不存在`);
    let tripId: number | null = null;
    const payWith = purpose === 'personal' ? input.payWith : 'wechat_pay';
    let openid: string | null = null;
    if (purpose === 'official' && input.payWith === 'payscore') {
      throw new ValidationError(E.RENTAL_PAYSCORE_NOT_FOR_OFFICIAL, '公务用车由单位按月结算，不使用微信支付分免押');
    }
    if (payWith === 'payscore') {
      if (!this.deps.payscore.enabled) throw new ConflictError(E.RENTAL_NOT_PAYABLE, '本平台尚未开通微信支付分免押，请缴纳押金或按次支付');
      openid = await this.deps.people.openid(actor.userId);
      if (!openid) throw new ConflictError(E.RENTAL_NOT_PAYABLE, '您的账号尚未绑定微信，不能使用微信支付分免押，请使用微信登录');
    }
    if (purpose === 'official') {
      if (!input.tripId) throw new ValidationError(E.RENTAL_TASK_REQUIRED, '公务用车须选择一项已审批的用车任务（一事一租）');
      const task = await this.deps.tasks.task(actor, input.tripId);
      if (!task || task.applicantId !== actor.userId) throw new NotFoundError(E.RENTAL_TASK_REQUIRED, `用车任务 ${input.tripId} 不存在或不是您的任务`);
      if (!TASK_OPEN.has(task.status)) throw new ConflictError(E.RENTAL_TASK_REQUIRED, `用车任务 ${task.id}「${task.purpose}」尚未审批通过或已结束，不能用于公务租车`);
      const licence = await this.repo.licence(actor.userId);
      const today = formatShanghai(clock.now(), 'yyyy-MM-dd');
      if (!licence) throw new ConflictError(E.RENTAL_LICENCE_REQUIRED, '公务自驾须先登记驾驶证');
      if (licence.expiresOn < today) throw new ConflictError(E.RENTAL_LICENCE_REQUIRED, `您登记的驾驶证已于 ${licence.expiresOn} 过期，请更新后再租车`);
      tripId = task.id;
    } else if (!(await this.deps.depositPaid(actor))) {
      // Personal use without the deposit pays each rental when it ends (押金或单次支付): nothing to check here.
    }
    const row = await db.transaction(async () => {
      await this.deps.people.lock(actor.userId);
      const open = await this.repo.openRentalOf(actor.userId);
      if (open) throw new ConflictError(E.RENTAL_ALREADY_OPEN, `您已有${rentalStatusLabel[open.status]}的订单 ${open.id}（${formatPlate((await this.repo.car(open.carId))?.plate ?? '')}），一次只能预约或租用一辆车`);
      if (tripId != null) {
        const used = await this.repo.rentalOfTrip(tripId);
        if (used) throw new ConflictError(E.RENTAL_TASK_USED, `用车任务 ${tripId} 已用于租车订单 ${used.id}（一事一租）`);
      }
      const car = await this.repo.car(input.carId, true);
      if (!car) throw new NotFoundError(E.RENTAL_CAR_NOT_FOUND, `分时租赁车辆 ${input.carId} 不存在`);
      if (car.batteryPct < MIN_BATTERY_PCT) {
        throw new ConflictError(E.RENTAL_BATTERY_TOO_LOW, `车辆 ${formatPlate(car.plate)} 电量仅 ${car.batteryPct}%（低于 ${MIN_BATTERY_PCT}%），暂不可预约，请选择其他车辆`);
      }
      // The conditional move decides between racing users: only one sees the car available.
      if (!(await this.repo.moveCar(car.id, 'available', 'reserved'))) {
        throw new ConflictError(E.RENTAL_CAR_UNAVAILABLE, `车辆 ${formatPlate(car.plate)} 已被预约或正在使用，请选择其他车辆`);
      }
      const now = clock.now();
      const rental = await this.repo.insertRental({
        userId: actor.userId, userName: user.name, unitId: user.unitId, companyId: car.companyId, carId: car.id, vehicleId: car.vehicleId,
        purpose, tripId, status: 'reserved', openUserKey: actor.userId, openCarKey: car.id, reservedAt: now,
        holdUntil: new Date(now.getTime() + this.deps.settings.holdMinutes * 60_000), startedAt: null, endedAt: null,
        startOdometerHm: null, endOdometerHm: null, amountFen: null, price: null, payment: payWith === 'payscore' ? 'payscore' : 'none', outTradeNo: null,
        returnStationId: null, note: null, payWith,
      });
      await this.deps.events.record('rental.reserved', rental.id, {
        ...this.eventBase(rental, car.plate, now), purpose, holdUntil: rental.holdUntil.toISOString(),
      });
      return rental;
    });
    if (payWith === 'payscore') await this.openPayscore(row, openid!);
    return this.present(row);
  }

  /**
   * 免押: the service order is created when the car is reserved, with the deposit as its risk fund, the
   * time and the station. WeChat judges the user's score at once; a refusal (or WeChat unreachable)
   * releases the car and cancels the reservation, and the user is told why.
   */
  private async openPayscore(row: RentalRow, openid: string): Promise<void> {
    const car = (await this.repo.car(row.carId))!;
    const station = await this.repo.station(car.stationId);
    try {
      await this.deps.payscore.start({
        payerUserId: row.userId, payerOpenid: openid, sourceKind: RENTAL_PAYSCORE_KIND, sourceId: payscoreSource(row.id),
        introduction: `分时租赁 ${formatPlate(car.plate)}`, riskFundFen: this.deps.payscore.riskFundFen, startTime: row.reservedAt,
        startLocation: station?.name ?? '分时租赁网点',
      });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      await this.deps.db.transaction(async () => {
        const now = this.deps.clock.now();
        if (await this.repo.moveRental(row.id, ['reserved'], {
          status: 'cancelled', payment: 'none', openUserKey: null, openCarKey: null, endedAt: now, note: `微信支付分免押未成功，预约已取消：${why}`.slice(0, 255),
        })) {
          await this.repo.moveCar(row.carId, 'reserved', 'available');
          await this.deps.events.record('rental.reservation_cancelled', row.id, { ...this.eventBase(row, car.plate, now), reason: 'payscore_refused' });
        }
      });
      throw err;
    }
  }

  /**
   * Finishes the rental's 微信支付分 order at WeChat: completed with the final amount and its items, or
   * cancelled when the rental ended without charge. A failure is retried by the scheduler (the rental
   * keeps its score_charging / score_releasing state until then).
   */
  async settlePayscore(id: number): Promise<void> {
    const r = await this.repo.rental(id);
    if (!r || r.payWith !== 'payscore') return;
    try {
      if (r.payment === 'score_releasing') {
        const why = r.status === 'expired' ? '预约超时未用车' : r.status === 'cancelled' ? '用户取消预约' : '订单免费结束';
        await this.deps.payscore.cancel(RENTAL_PAYSCORE_KIND, payscoreSource(r.id), why);
        await this.deps.db.transaction(() => this.repo.movePayment(r.id, ['score_releasing'], 'none'));
      } else if (r.payment === 'score_charging' && r.amountFen != null && r.price) {
        const car = (await this.repo.car(r.carId))!;
        const station = r.returnStationId != null ? await this.repo.station(r.returnStationId) : null;
        await this.deps.payscore.complete(RENTAL_PAYSCORE_KIND, payscoreSource(r.id), {
          items: payscoreItems(JSON.parse(r.price) as PriceBreakdown), totalFen: r.amountFen, endTime: r.endedAt ?? this.deps.clock.now(),
          endLocation: station?.name ?? `${formatPlate(car.plate)} 还车位置`,
        });
      }
    } catch (err) {
      this.deps.logger.warn({ err, rentalId: r.id, payment: r.payment }, 'settling the payscore order failed; the scheduler retries');
    }
  }

  /** Pay Score rentals still to be completed or cancelled at WeChat (scheduler, once across instances). */
  async settleUnsettledPayscore(limit = 100): Promise<number> {
    const rows = await this.repo.payscoreUnsettled(limit);
    for (const r of rows) await this.settlePayscore(r.id);
    return rows.length;
  }

  /** The user cancels a reservation before unlocking: the car is free again, nothing is charged. */
  async cancel(actor: Actor, id: number): Promise<Rental> {
    const r = await this.mine(actor, id);
    await this.deps.db.transaction(async () => {
      const now = this.deps.clock.now();
      if (!(await this.repo.moveRental(r.id, ['reserved'], {
        status: 'cancelled', openUserKey: null, openCarKey: null, endedAt: now, payment: r.payWith === 'payscore' ? 'score_releasing' : r.payment,
      }))) {
        throw new ConflictError(E.RENTAL_STATE_CONFLICT, `订单 ${r.id} 已开锁用车或已结束，不能取消预约`);
      }
      await this.repo.moveCar(r.carId, 'reserved', 'available');
      // As an expiry records rental.reservation_expired: whoever follows the rental (a 出差 link) learns it ended free.
      const car = await this.repo.car(r.carId);
      await this.deps.events.record('rental.reservation_cancelled', r.id, { ...this.eventBase(r, car?.plate ?? '', now), reason: 'user' });
    });
    // 免押: nothing was charged, so the service order is cancelled.
    await this.settlePayscore(r.id);
    return this.get(actor, id);
  }

  /**
   * Item 3: unlock through the command service. The rental starts only when the terminal confirms
   * the doors unlocked (status bit); an unconfirmed unlock leaves the reservation as it was, with
   * nothing charged, and tells the user why (item 6). Unlocking again during a stop is the same call.
   */
  async unlock(actor: Actor, id: number): Promise<Rental> {
    const r = await this.mine(actor, id);
    const now = this.deps.clock.now();
    if (r.status === 'reserved' && r.holdUntil.getTime() <= now.getTime()) {
      throw new ConflictError(E.RENTAL_RESERVATION_EXPIRED, `订单 ${r.id} 的预约已于 ${shanghaiTime(r.holdUntil)} 超时，车辆已释放，请重新预约`);
    }
    if (r.status !== 'reserved' && r.status !== 'in_rental') throw new ConflictError(E.RENTAL_STATE_CONFLICT, `订单 ${r.id} ${rentalStatusLabel[r.status]}，不能开锁`);
    const car = (await this.repo.car(r.carId))!;
    const outcome = await this.command(r, 'unlock', actor.userId);
    if (!(outcome.state === 'confirmed' && outcome.lockState === 'unlocked')) {
      const why = outcome.failure?.message ?? (outcome.final ? '车载终端未确认开锁' : '车载终端在时限内未回报开锁结果');
      const keep = r.status === 'reserved' ? `，预约保留至 ${shanghaiTime(r.holdUntil)}，未产生费用，请靠近车辆后重试` : '，请稍后重试';
      throw new ConflictError(E.RENTAL_UNLOCK_NOT_CONFIRMED, `车辆 ${formatPlate(car.plate)} 开锁未确认：${why}${keep}`, { state: outcome.state });
    }
    if (r.status === 'reserved') {
      const odometer = (await this.deps.terminals.odometers([r.vehicleId])).get(r.vehicleId) ?? null;
      await this.deps.db.transaction(async () => {
        const startedAt = this.deps.clock.now();
        const moved = await this.repo.moveRental(r.id, ['reserved'], { status: 'in_rental', startedAt, startOdometerHm: odometer });
        if (!moved) return; // a second unlock of the same reservation raced this one: it started the rental
        await this.repo.moveCar(r.carId, 'reserved', 'in_rental');
        await this.deps.events.record('rental.started', r.id, { ...this.eventBase(r, car.plate, startedAt), startOdometerHm: odometer });
      });
    }
    return this.get(actor, id);
  }

  /** Item 3: lock for a stop (confirmed by the status bit); the rental goes on. */
  async lock(actor: Actor, id: number): Promise<Rental> {
    const r = await this.mine(actor, id);
    if (r.status !== 'in_rental') throw new ConflictError(E.RENTAL_STATE_CONFLICT, `订单 ${r.id} ${rentalStatusLabel[r.status]}，不能锁车`);
    const outcome = await this.command(r, 'lock', actor.userId);
    if (!(outcome.state === 'confirmed' && outcome.lockState === 'locked')) {
      const car = (await this.repo.car(r.carId))!;
      throw new ConflictError(E.RENTAL_LOCK_NOT_CONFIRMED, `车辆 ${formatPlate(car.plate)} 锁车未确认：${outcome.failure?.message ?? '车载终端未回报结果'}，请稍后重试`);
    }
    return this.get(actor, id);
  }

  private async command(r: RentalRow, kind: 'unlock' | 'lock', userId: number) {
    try {
      return await this.deps.terminals.command(r.vehicleId, kind, userId);
    } catch (err) {
      // Offline terminal, rate limit: the command was not sent; the reservation or rental is unchanged.
      const message = err instanceof Error ? err.message : String(err);
      return { state: 'failed', final: true, lockState: null, failure: { code: 'NOT_SENT', message } };
    }
  }

  /**
   * Item 4: return inside a station's fence, doors locked and ignition off, read from the terminal's
   * status bits (an offline car: from its last known position and bits, item 6). Refused otherwise,
   * naming the reason and the distance to the nearest return station.
   */
  async returnCar(actor: Actor, id: number): Promise<Rental> {
    const r = await this.mine(actor, id);
    if (r.status !== 'in_rental') throw new ConflictError(E.RENTAL_STATE_CONFLICT, `订单 ${r.id} ${rentalStatusLabel[r.status]}，不能还车`);
    const car = (await this.repo.car(r.carId))!;
    const fix = (await this.deps.terminals.latest([r.vehicleId])).get(r.vehicleId);
    if (!fix) throw new ConflictError(E.RENTAL_NO_POSITION, `车辆 ${formatPlate(car.plate)} 尚无定位数据，无法确认还车位置，请联系租赁企业`);
    const stations = (await this.repo.stations(r.companyId)).filter((s) => s.acceptsReturns);
    const nearest = nearestStation(stations, fix);
    if (!nearest || nearest.distanceM > 0) {
      const where = nearest ? `距最近的还车网点「${nearest.station.name}」约 ${formatMetres(nearest.distanceM)}` : '本企业没有可还车的网点';
      throw new ConflictError(E.RENTAL_RETURN_OUTSIDE_STATION, `车辆不在还车网点范围内，${where}，请驶入网点后再还车`, {
        distanceM: nearest?.distanceM ?? null, stationId: nearest?.station.id ?? null, stationName: nearest?.station.name ?? null,
      });
    }
    if (fix.accOn) throw new ConflictError(E.RENTAL_RETURN_IGNITION_ON, `车辆 ${formatPlate(car.plate)} 尚未熄火，请熄火后再还车`);
    if (!fix.doorLocked) throw new ConflictError(E.RENTAL_RETURN_NOT_LOCKED, `车辆 ${formatPlate(car.plate)} 车门未锁，请关门锁车后再还车`);
    return this.end(r, 'returned', nearest.station.id, null, actor);
  }

  /** Item 6: the company's operator closes a rental (the car went offline, or could not be returned) at the plan's price. */
  async closeByOperator(actor: Actor, id: number, note: string): Promise<Rental> {
    const r = await this.companyRental(actor, id);
    if (r.status !== 'in_rental') throw new ConflictError(E.RENTAL_STATE_CONFLICT, `订单 ${r.id} ${rentalStatusLabel[r.status]}，不能由企业结束`);
    return this.end(r, 'closed_by_operator', null, note || '企业运营人员结束订单', actor);
  }

  /** Ends a rental: price by the plan (or nothing for a fault), the car available again (or in maintenance), one event. */
  async end(r: RentalRow, how: 'returned' | 'closed_by_operator' | 'fault', stationId: number | null, note: string | null, actor: Actor): Promise<Rental> {
    const car = (await this.repo.car(r.carId))!;
    const plan = (await this.repo.plan(car.planId))!;
    const odometer = (await this.deps.terminals.odometers([r.vehicleId])).get(r.vehicleId) ?? r.startOdometerHm;
    await this.deps.db.transaction(async () => {
      const fresh = (await this.repo.rental(r.id, true))!;
      if (fresh.status !== 'in_rental') throw new ConflictError(E.RENTAL_STATE_CONFLICT, `订单 ${r.id} ${rentalStatusLabel[fresh.status]}，不能结束`);
      const endedAt = this.deps.clock.now();
      const kmHm = odometer != null && fresh.startOdometerHm != null ? Math.max(0, odometer - fresh.startOdometerHm) : 0;
      const computed = priceRental(toPlan(plan), fresh.startedAt!.getTime(), endedAt.getTime(), kmHm);
      const price: PriceBreakdown = how === 'fault' ? { ...computed, totalFen: 0 } : computed;
      const payment = price.totalFen === 0 ? (fresh.payWith === 'payscore' ? 'score_releasing' : 'none')
        : fresh.purpose === 'official' ? 'statement' : fresh.payWith === 'payscore' ? 'score_charging' : 'unpaid';
      await this.repo.moveRental(r.id, ['in_rental'], {
        status: how === 'returned' ? 'returned' : 'closed', endedAt, endOdometerHm: odometer, amountFen: price.totalFen, price: JSON.stringify(price),
        payment, openUserKey: null, openCarKey: null, returnStationId: stationId, note,
      });
      await this.repo.moveCar(r.carId, 'in_rental', how === 'fault' ? 'maintenance' : 'available', stationId != null ? { stationId } : {});
      await this.deps.events.record('rental.ended', r.id, {
        ...this.eventBase(fresh, car.plate, endedAt), purpose: fresh.purpose, tripId: fresh.tripId, how, minutes: price.minutes, km: price.km,
        amountFen: price.totalFen, startedAt: fresh.startedAt!.toISOString(), endedAt: endedAt.toISOString(),
      });
    });
    // 免押: the service order is completed with the final amount (WeChat deducts it), or cancelled for nothing.
    await this.settlePayscore(r.id);
    return this.present((await this.repo.rental(r.id))!, actor);
  }

  /** Item 6: reservations past their hold are released, the car freed and the user told (scheduler, once across instances). */
  async expireReservations(limit = 200): Promise<number> {
    const now = this.deps.clock.now();
    let expired = 0;
    for (const r of await this.repo.expiredReservations(now, limit)) {
      const car = await this.repo.car(r.carId);
      expired += await this.deps.db.transaction(async () => {
        const moved = await this.repo.moveRental(r.id, ['reserved'], {
          status: 'expired', openUserKey: null, openCarKey: null, endedAt: now, note: `预约超过 ${this.deps.settings.holdMinutes} 分钟未开锁，车辆已释放`,
          payment: r.payWith === 'payscore' ? 'score_releasing' : r.payment,
        });
        if (!moved) return 0;
        await this.repo.moveCar(r.carId, 'reserved', 'available');
        await this.deps.events.record('rental.reservation_expired', r.id, this.eventBase(r, car?.plate ?? '', now));
        return 1;
      });
      await this.settlePayscore(r.id);
    }
    return expired;
  }

  async current(actor: Actor): Promise<Rental | null> {
    const open = await this.repo.openRentalOf(actor.userId);
    if (open) return this.present(open, actor);
    // A reservation that expired since the user last looked is shown once more, so they learn why the car is gone.
    const [last] = await this.repo.rentals({ userId: actor.userId }, 1);
    return last && last.status === 'expired' ? this.present(last, actor) : null;
  }

  async mineList(actor: Actor): Promise<Rental[]> {
    return Promise.all((await this.repo.rentals({ userId: actor.userId })).map((r) => this.present(r, actor)));
  }

  async companyList(actor: Actor): Promise<Rental[]> {
    const companyId = operatedCompany(actor);
    if (companyId == null && !actor.roles.includes('platform_admin')) throw new ForbiddenError(E.RENTAL_FORBIDDEN, '只有租赁企业的运营人员可以查看企业订单');
    return Promise.all((await this.repo.rentals({ companyId: companyId ?? undefined }, 200)).map((r) => this.present(r, actor)));
  }

  async get(actor: Actor, id: number): Promise<Rental> {
    const r = await this.repo.rental(id);
    if (!r || !canReadRental(actor, r)) throw new NotFoundError(E.RENTAL_NOT_FOUND, `租车订单 ${id} 不存在`);
    return this.present(r, actor);
  }

  /** A rental the actor drives (404 out of sight, 403 when seen but not theirs). */
  async mine(actor: Actor, id: number): Promise<RentalRow> {
    const r = await this.repo.rental(id);
    if (!r || !canReadRental(actor, r)) throw new NotFoundError(E.RENTAL_NOT_FOUND, `租车订单 ${id} 不存在`);
    if (!canDriveRental(actor, r)) throw new ForbiddenError(E.RENTAL_FORBIDDEN, `租车订单 ${id} 不是您的订单，只有租车人可以操作车辆`);
    return r;
  }

  async companyRental(actor: Actor, id: number): Promise<RentalRow> {
    const r = await this.repo.rental(id);
    if (!r || !canReadRental(actor, r)) throw new NotFoundError(E.RENTAL_NOT_FOUND, `租车订单 ${id} 不存在`);
    if (!canOperateRental(actor, r)) throw new ForbiddenError(E.RENTAL_FORBIDDEN, `只有租赁企业的运营人员可以处理订单 ${id}`);
    return r;
  }

  /** The renter's WeChat openid (identity's), for payments made on their behalf. */
  openidOf(userId: number): Promise<string | null> {
    return this.deps.people.openid(userId);
  }

  /** Whether the user has a reservation or rental open (the deposit cannot be refunded meanwhile). */
  async openRentalId(userId: number): Promise<number | null> {
    return (await this.repo.openRentalOf(userId))?.id ?? null;
  }

  private eventBase(r: Pick<RentalRow, 'id' | 'userId' | 'unitId' | 'companyId' | 'vehicleId'>, plate: string, at: Date) {
    return { rentalId: r.id, userId: r.userId, unitId: r.unitId, companyId: r.companyId, vehicleId: r.vehicleId, plate, at: at.toISOString() };
  }

  async present(r: RentalRow, _actor?: Actor): Promise<Rental> {
    const car = (await this.repo.car(r.carId))!;
    const plan: PlanRow = (await this.repo.plan(car.planId))!;
    let price: PriceBreakdown | null = r.price ? JSON.parse(r.price) : null;
    if (!price && r.status === 'in_rental' && r.startedAt) {
      // The running price: minutes so far and km from the latest odometer reading.
      const odo = (await this.deps.terminals.odometers([r.vehicleId])).get(r.vehicleId);
      const kmHm = odo != null && r.startOdometerHm != null ? Math.max(0, odo - r.startOdometerHm) : 0;
      price = priceRental(toPlan(plan), r.startedAt.getTime(), this.deps.clock.now().getTime(), kmHm);
    }
    const station = r.returnStationId != null ? await this.repo.station(r.returnStationId) : null;
    return {
      id: r.id, userId: r.userId, userName: r.userName, companyId: r.companyId,
      car: { id: car.id, vehicleId: car.vehicleId, plate: car.plate, model: car.model, batteryPct: car.batteryPct },
      plan: toPlan(plan), purpose: r.purpose, tripId: r.tripId, status: r.status, reservedAt: r.reservedAt.toISOString(),
      holdUntil: r.holdUntil.toISOString(), startedAt: r.startedAt?.toISOString() ?? null, endedAt: r.endedAt?.toISOString() ?? null,
      returnStationName: station?.name ?? null, price, amountFen: r.amountFen, payment: r.payment, payWith: r.payWith, outTradeNo: r.outTradeNo, note: r.note,
    };
  }
}

export function nearestStation(stations: StationRow[], p: { lat: number; lng: number }): { station: StationRow; distanceM: number } | null {
  let best: { station: StationRow; distanceM: number } | null = null;
  for (const s of stations) {
    const d = distanceToFence(p, fenceSchema.parse(JSON.parse(s.fence)));
    if (!best || d < best.distanceM) best = { station: s, distanceM: d };
  }
  return best;
}

const formatMetres = (m: number) => (m >= 1000 ? `${(m / 1000).toFixed(1)} 公里` : `${m} 米`);

const toLicenceView = (l: LicenceInput): LicenceView => ({ licenceNoMasked: maskIdNumber(l.licenceNo), licenceClass: l.licenceClass, expiresOn: l.expiresOn });

/** The 支付分 completion's items (后付费项目): time, distance, the minimum-charge top-up; their sum is the total. */
export function payscoreItems(p: PriceBreakdown): Array<{ name: string; amountFen: number; description: string }> {
  const items = [
    { name: '时长费', amountFen: p.dayFen + p.nightFen - p.capDeductionFen, description: `${p.minutes} 分钟${p.capDeductionFen > 0 ? '（含封顶优惠）' : ''}` },
    { name: '里程费', amountFen: p.kmFen, description: `${p.km} 公里` },
    { name: '最低消费补足', amountFen: p.minChargeTopUpFen, description: '不足最低消费部分' },
  ];
  return items.filter((i, n) => i.amountFen > 0 || n === 0);
}
