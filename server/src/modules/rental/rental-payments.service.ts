import { formatPlate } from '@shared/common/format';
import { rentalStatusLabel, type FaultReport, type ReportFaultInput, type Rental } from '@shared/rental/rental.schemas';
import { RentalErrorCode as E } from '@shared/rental/rental.errors';
import { canOperateRental, operatedCompany } from '../../platform/access';
import type { Actor } from '../../platform/data-scope';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import type { DomainEvent, EventBus } from '../../platform/events';
import { ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors';
import type { FaultRow } from './rental.entity';
import type { RentalPayments, RentalPeople } from './rental.ports';
import { RENTAL_PAYSCORE_KIND, type RentalService } from './rental.service';

/** Payments of rentals are WeChat Pay orders of this kind, with `rental-<id>` as the source. */
export const RENTAL_PAYMENT_KIND = 'rental';
export const RENTAL_PAYMENT_SUBSCRIBER = 'rental.payments';
export const RENTAL_PAYSCORE_SUBSCRIBER = 'rental.payscore';
const sourceIdOf = (rentalId: number) => `rental-${rentalId}`;

/**
 * Item 5: personal use is paid through payments' WeChat Pay (JSAPI), notices and queries as payments
 * handles them; rental learns of the payment from payment.paid, once. Fault reports with photos,
 * which the company's operator may decide to end the rental without charge.
 */
export class RentalPaymentsService {
  constructor(private readonly deps: {
    db: Database; clock: Clock; rentals: RentalService; payments: RentalPayments; people: RentalPeople;
  }) {}

  async pay(actor: Actor, id: number): Promise<{ rental: Rental; payParams: Record<string, string> | null; outTradeNo: string | null; fakeWechatPayBaseUrl: string | null }> {
    const { rentals } = this.deps;
    const r = await rentals.mine(actor, id);
    if (r.payWith === 'payscore' && r.payment !== 'paid' && r.payment !== 'none') {
      throw new ConflictError(E.RENTAL_NOT_PAYABLE, `订单 ${r.id} 使用微信支付分免押，费用在还车后由微信支付分自动扣款，无需另行支付`);
    }
    if (r.payment !== 'unpaid' || r.amountFen == null) {
      throw new ConflictError(E.RENTAL_NOT_PAYABLE, `订单 ${r.id} ${r.payment === 'paid' ? '已支付' : r.payment === 'statement' ? '为公务用车，由单位按月结算' : `${rentalStatusLabel[r.status]}，无需支付`}`);
    }
    const openid = await this.deps.people.openid(actor.userId);
    if (!openid) throw new ConflictError(E.RENTAL_NOT_PAYABLE, '您的账号尚未绑定微信，请使用微信登录后再支付');
    const car = (await rentals.repo.car(r.carId))!;
    const started = await this.deps.payments.start({
      payerUserId: actor.userId, payerOpenid: openid, amountFen: r.amountFen, description: `分时租赁 ${formatPlate(car.plate)} 订单 ${r.id}`,
      sourceId: sourceIdOf(r.id), lockSource: async () => { await rentals.repo.rental(r.id, true); },
    });
    if (r.outTradeNo !== started.outTradeNo) await this.deps.db.transaction(() => rentals.repo.moveRental(r.id, [r.status], { outTradeNo: started.outTradeNo }));
    return { rental: await rentals.get(actor, id), payParams: started.payParams, outTradeNo: started.outTradeNo, fakeWechatPayBaseUrl: this.deps.payments.fakeWechatPayBaseUrl };
  }

  /** payment.paid of a rental: the rental is paid (idempotent: only an unpaid rental moves). */
  subscribe(events: EventBus): void {
    events.subscribe(RENTAL_PAYMENT_SUBSCRIBER, ['payment.paid'], async (e) => {
      const p = (e as DomainEvent<'payment.paid'>).payload;
      if (p.sourceKind !== RENTAL_PAYMENT_KIND || !p.sourceId.startsWith('rental-')) return;
      const id = Number(p.sourceId.slice('rental-'.length));
      const repo = this.deps.rentals.repo;
      const r = await repo.rental(id, true);
      if (!r || r.payment !== 'unpaid') return;
      await repo.moveRental(id, [r.status], { payment: 'paid', outTradeNo: p.outTradeNo });
    });
    // 免押: WeChat deducted the completed 微信支付分 order (PAYSCORE.USER_PAID, or found by a query).
    events.subscribe(RENTAL_PAYSCORE_SUBSCRIBER, ['payscore.paid'], async (e) => {
      const p = (e as DomainEvent<'payscore.paid'>).payload;
      if (p.sourceKind !== RENTAL_PAYSCORE_KIND || !p.sourceId.startsWith('rental-')) return;
      await this.deps.rentals.repo.movePayment(Number(p.sourceId.slice('rental-'.length)), ['score_charging'], 'paid', { outTradeNo: p.outOrderNo });
    });
  }

  async reportFault(actor: Actor, rentalId: number, input: ReportFaultInput): Promise<FaultReport> {
    const r = await this.deps.rentals.mine(actor, rentalId);
    if (r.status !== 'in_rental' && r.status !== 'reserved') throw new ConflictError(E.RENTAL_STATE_CONFLICT, `订单 ${r.id} ${rentalStatusLabel[r.status]}，不能再报告故障`);
    const row = await this.deps.db.transaction(() => this.deps.rentals.repo.insertFault({
      rentalId: r.id, companyId: r.companyId, userId: actor.userId, description: input.description, photos: JSON.stringify(input.photos),
      status: 'open', comment: '', createdAt: this.deps.clock.now(), decidedAt: null, decidedBy: null,
    }));
    return this.present(row);
  }

  async faults(actor: Actor): Promise<FaultReport[]> {
    const companyId = operatedCompany(actor);
    if (companyId == null && !actor.roles.includes('platform_admin')) throw new ForbiddenError(E.RENTAL_FORBIDDEN, '只有租赁企业的运营人员可以查看故障报告');
    return Promise.all((await this.deps.rentals.repo.faults(companyId)).map((f) => this.present(f)));
  }

  /** The operator decides: end the rental without charge (the car goes to maintenance), or not. */
  async decide(actor: Actor, faultId: number, endWithoutCharge: boolean, comment: string): Promise<FaultReport> {
    const { rentals } = this.deps;
    const f = await rentals.repo.fault(faultId);
    if (!f || !canOperateRental(actor, f)) throw new NotFoundError(E.RENTAL_FAULT_NOT_FOUND, `故障报告 ${faultId} 不存在`);
    if (f.status !== 'open') throw new ConflictError(E.RENTAL_STATE_CONFLICT, `故障报告 ${faultId} 已处理`);
    const r = (await rentals.repo.rental(f.rentalId))!;
    if (endWithoutCharge) {
      if (r.status === 'in_rental') await rentals.end(r, 'fault', null, `故障免费结束：${f.description}`.slice(0, 255), actor);
      else if (r.status === 'reserved') await this.deps.db.transaction(async () => {
        await rentals.repo.moveRental(r.id, ['reserved'], {
          status: 'closed', openUserKey: null, openCarKey: null, endedAt: this.deps.clock.now(), note: '故障，预约由企业取消',
          payment: r.payWith === 'payscore' ? 'score_releasing' : r.payment,
        });
        await rentals.repo.moveCar(r.carId, 'reserved', 'maintenance');
      });
      await rentals.settlePayscore(r.id);
    }
    await this.deps.db.transaction(() => rentals.repo.updateFault(f.id, {
      status: endWithoutCharge ? 'ended_without_charge' : 'rejected', comment, decidedAt: this.deps.clock.now(), decidedBy: actor.userId,
    }));
    return this.present((await rentals.repo.fault(f.id))!);
  }

  private async present(f: FaultRow): Promise<FaultReport> {
    const r = (await this.deps.rentals.repo.rental(f.rentalId))!;
    const car = await this.deps.rentals.repo.car(r.carId);
    return {
      id: f.id, rentalId: f.rentalId, plate: car?.plate ?? '', userName: r.userName, description: f.description, photos: JSON.parse(f.photos) as string[],
      status: f.status, comment: f.comment, createdAt: f.createdAt.toISOString(),
    };
  }
}
