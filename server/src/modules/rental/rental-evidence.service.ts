import { formatPlate } from '@shared/common/format';
import { shanghaiTime } from '@shared/common/time';
import {
  carSideLabel, claimStatusLabel, handoverStageLabel, rentalStatusLabel,
  type CarSide, type CreateClaimInput, type DamageClaim, type Handover, type HandoverPhoto, type HandoverStage,
} from '@shared/rental/rental.schemas';
import { RentalErrorCode as E } from '@shared/rental/rental.errors';
import { canDecideRentalClaim, canDriveRental, canOperateRental, canReadRental, operatedCompany } from '../../platform/access';
import type { Actor } from '../../platform/data-scope';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import type { DomainEvent, EventBus } from '../../platform/events';
import type { Logger } from '../../platform/logger';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors';
import { photoProblem, photoSignatureHolds } from '../../platform/photos';
import { captureEvidence, presentEvidence } from '../../platform/handover-evidence';
import type { ClaimRow, EvidenceRow, RentalRow } from './rental.entity';
import type { RentalPayments, RentalPayScore, RentalTerminals } from './rental.ports';
import { RENTAL_PAYMENT_KIND } from './rental-payments.service';
import type { RentalService, RentalSettings } from './rental.service';

const PHOTO_SCOPE = 'rental-evidence';
const photoPath = (id: number) => `/api/rental/evidence/${id}/image`;
/** A claim charged through 微信支付分 is a service order of its own: `rental-claim` + `claim-<id>`. */
export const CLAIM_PAYSCORE_KIND = 'rental-claim';
const claimSource = (id: number) => `claim-${id}`;
export const RENTAL_CLAIM_SUBSCRIBER = 'rental.claims';
/** The end-of-rental photos may be taken until this long after the car was returned. */
const END_PHOTO_GRACE_MS = 30 * 60_000;

/**
 * #21 item 2. At each handover (取车, 还车) the renter photographs the car's four sides; each photo is
 * kept with the terminal's state at that moment (position, doors, ignition, odometer, from telematics)
 * and the car's charge, and a timestamp. A damage claim by the company must point at that evidence,
 * lists its items and amounts, and waits out the user's appeal window before anything is charged; an
 * appeal stops the charge until the platform decides. Unappealed claims are charged by the scheduler:
 * personal use through payments (微信支付分 when the rental was 免押, otherwise a WeChat Pay the user
 * makes), official use billed to the unit (rental.damage_charged → settlement).
 */
export class RentalEvidenceService {
  constructor(private readonly deps: {
    db: Database; clock: Clock; logger: Logger; events: Pick<EventBus, 'record'>; rentals: RentalService; terminals: RentalTerminals;
    payscore: RentalPayScore; payments: RentalPayments; settings: RentalSettings;
  }) {}

  private get repo() {
    return this.deps.rentals.repo;
  }

  async uploadPhoto(actor: Actor, rentalId: number, stage: HandoverStage, side: CarSide, upload: { contentType: string; bytes: Buffer } | undefined): Promise<HandoverPhoto> {
    const r = await this.deps.rentals.mine(actor, rentalId);
    const now = this.deps.clock.now();
    const open = stage === 'start'
      ? r.status === 'reserved' || r.status === 'in_rental'
      : r.status === 'in_rental' || ((r.status === 'returned' || r.status === 'closed') && r.endedAt != null && now.getTime() - r.endedAt.getTime() <= END_PHOTO_GRACE_MS);
    if (!open) {
      throw new ConflictError(E.RENTAL_STATE_CONFLICT, `订单 ${r.id} ${rentalStatusLabel[r.status]}，不能再拍摄${handoverStageLabel[stage]}照片`);
    }
    const problem = photoProblem(upload);
    if (problem) throw new ValidationError(E.RENTAL_PHOTO_INVALID, `${handoverStageLabel[stage]}${carSideLabel[side]}照片：${problem}`);
    // The terminal's state at this moment, as telematics knows it (the last report when offline); the charge from the car's record.
    const car = await this.repo.car(r.carId);
    const taken = await captureEvidence(this.deps.terminals, { vehicleId: r.vehicleId, side, upload: upload!, chargePct: car?.batteryPct ?? null, takenAt: now, uploadedBy: actor.userId });
    const row = await this.deps.db.transaction(() => this.repo.saveEvidence({ rentalId: r.id, stage, ...taken }));
    return this.photo(row);
  }

  async handover(actor: Actor, rentalId: number): Promise<Handover> {
    const r = await this.repo.rental(rentalId);
    if (!r || !canReadRental(actor, r)) throw new NotFoundError(E.RENTAL_NOT_FOUND, `租车订单 ${rentalId} 不存在`);
    return { rentalId: r.id, photos: (await this.repo.evidenceOf(r.id)).map((e) => this.photo(e)) };
  }

  /** The image behind a signed link; a wrong or expired signature answers as missing. */
  async image(id: number, exp: number, sig: string): Promise<{ contentType: string; bytes: Buffer }> {
    const [e] = await this.repo.evidenceByIds([id], true);
    if (!e || !photoSignatureHolds(PHOTO_SCOPE, e.accessKey, id, exp, sig, this.deps.clock.now().getTime())) {
      throw new NotFoundError(E.RENTAL_PHOTO_NOT_FOUND, `交接车照片 ${id} 不存在或链接已过期`);
    }
    return { contentType: e.contentType, bytes: Buffer.from(e.data) };
  }

  private photo(e: EvidenceRow): HandoverPhoto {
    return { ...presentEvidence(e, photoPath(e.id), PHOTO_SCOPE, this.deps.clock.now().getTime()), rentalId: e.rentalId, stage: e.stage };
  }

  /** 车损索赔: the company's operator, for an ended rental, pointing at its handover photos. */
  async createClaim(actor: Actor, rentalId: number, input: CreateClaimInput): Promise<DamageClaim> {
    const r = await this.deps.rentals.companyRental(actor, rentalId);
    if (r.status !== 'returned' && r.status !== 'closed') {
      throw new ConflictError(E.RENTAL_CLAIM_STATE_CONFLICT, `订单 ${r.id} ${rentalStatusLabel[r.status]}，还车后才能提出车损索赔`);
    }
    if (input.evidenceIds.length === 0) {
      throw new ValidationError(E.RENTAL_CLAIM_EVIDENCE_REQUIRED, '车损索赔须指向本订单的交接车照片作为证据');
    }
    const evidence = await this.repo.evidenceByIds(input.evidenceIds);
    const foreign = input.evidenceIds.filter((id) => !evidence.some((e) => e.id === id && e.rentalId === r.id));
    if (foreign.length) {
      throw new ConflictError(E.RENTAL_CLAIM_EVIDENCE_MISMATCH, `照片 ${foreign.join('、')} 不是订单 ${r.id} 的交接车照片，不能作为索赔证据`);
    }
    const now = this.deps.clock.now();
    const amountFen = input.items.reduce((s, i) => s + i.amountFen, 0);
    const row = await this.deps.db.transaction(() => this.repo.insertClaim({
      rentalId: r.id, companyId: r.companyId, userId: r.userId, unitId: r.unitId, purpose: r.purpose, description: input.description,
      evidenceIds: JSON.stringify([...new Set(input.evidenceIds)]), items: JSON.stringify(input.items), amountFen, status: 'open',
      appealDeadline: new Date(now.getTime() + this.deps.settings.claimAppealHours * 3600_000), appealReason: null, appealedAt: null,
      decisionNote: null, decidedBy: null, decidedAt: null, chargedAt: null, chargeRef: null, createdBy: actor.userId, createdAt: now,
    }));
    return this.present(row);
  }

  /** The renter appeals within the window: nothing is charged until the platform decides. */
  async appeal(actor: Actor, claimId: number, reason: string): Promise<DamageClaim> {
    const c = await this.visibleClaim(actor, claimId);
    if (!canDriveRental(actor, c)) throw new ForbiddenError(E.RENTAL_FORBIDDEN, `只有租车人可以对索赔 ${claimId} 提出申诉`);
    await this.deps.db.transaction(async () => {
      const fresh = (await this.repo.claim(claimId, true))!;
      const now = this.deps.clock.now();
      if (fresh.status !== 'open') throw new ConflictError(E.RENTAL_CLAIM_STATE_CONFLICT, `索赔 ${claimId} ${claimStatusLabel[fresh.status]}，不能申诉`);
      if (now.getTime() >= fresh.appealDeadline.getTime()) {
        throw new ConflictError(E.RENTAL_CLAIM_APPEAL_CLOSED, `索赔 ${claimId} 的申诉期已于 ${shanghaiTime(fresh.appealDeadline)} 结束`);
      }
      await this.repo.moveClaim(claimId, ['open'], { status: 'appealed', appealReason: reason, appealedAt: now });
    });
    return this.present((await this.repo.claim(claimId))!);
  }

  /** The platform decides an appeal: upheld, the claim is charged now; otherwise it is waived. */
  async decide(actor: Actor, claimId: number, uphold: boolean, note: string): Promise<DamageClaim> {
    const c = await this.visibleClaim(actor, claimId);
    if (!canDecideRentalClaim(actor)) throw new ForbiddenError(E.RENTAL_FORBIDDEN, '车损索赔的申诉由平台管理员裁决');
    if (c.status !== 'appealed') throw new ConflictError(E.RENTAL_CLAIM_STATE_CONFLICT, `索赔 ${claimId} ${claimStatusLabel[c.status]}，没有待裁决的申诉`);
    const now = this.deps.clock.now();
    if (uphold) {
      await this.charge(c, ['appealed'], { decisionNote: note || '维持索赔', decidedBy: actor.userId, decidedAt: now });
    } else {
      await this.deps.db.transaction(() => this.repo.moveClaim(claimId, ['appealed'], { status: 'waived', decisionNote: note || '申诉成立，撤销索赔', decidedBy: actor.userId, decidedAt: now }));
    }
    return this.present((await this.repo.claim(claimId))!);
  }

  /** Claims whose appeal window passed without an appeal are charged (scheduler, once across instances). */
  async chargeDue(limit = 100): Promise<number> {
    let charged = 0;
    for (const c of await this.repo.dueClaims(this.deps.clock.now(), limit)) {
      if (await this.charge(c, ['open'], {})) charged += 1;
    }
    // Charged through 微信支付分 before, not deducted yet (WeChat was unreachable, or the notice was lost).
    for (const c of await this.repo.claimsAwaitingPayscore(limit)) if (c.chargedAt && c.chargedAt.getTime() < this.deps.clock.now().getTime() - 60_000) await this.chargePayscore(c.id);
    return charged;
  }

  /**
   * Charges a claim once (the conditional move decides between instances): the event is recorded with
   * the move; personal use then goes through payments — a 微信支付分 service order of its own when the
   * rental was 免押 (deducted by WeChat), otherwise a WeChat Pay the user makes from the claim.
   */
  private async charge(c: ClaimRow, from: ClaimRow['status'][], patch: Partial<ClaimRow>): Promise<boolean> {
    const r = (await this.repo.rental(c.rentalId))!;
    const car = await this.repo.car(r.carId);
    const now = this.deps.clock.now();
    const via = c.purpose === 'official' ? 'statement' : r.payWith === 'payscore' ? 'payscore' : 'wechat_pay';
    const moved = await this.deps.db.transaction(async () => {
      if (!(await this.repo.moveClaim(c.id, from, { ...patch, status: 'charged', chargedAt: now, chargeRef: via }))) return false;
      await this.deps.events.record('rental.damage_charged', r.id, {
        rentalId: r.id, userId: r.userId, unitId: r.unitId, companyId: r.companyId, vehicleId: r.vehicleId, plate: car?.plate ?? '', at: now.toISOString(),
        claimId: c.id, purpose: c.purpose, amountFen: c.amountFen, description: c.description.slice(0, 200),
      });
      return true;
    });
    if (moved && via === 'payscore') await this.chargePayscore(c.id);
    return moved;
  }

  /** The claim's own 微信支付分 order: created and completed at once, WeChat deducts it (retried by the job). */
  async chargePayscore(claimId: number): Promise<void> {
    const c = (await this.repo.claim(claimId))!;
    const r = (await this.repo.rental(c.rentalId))!;
    const car = await this.repo.car(r.carId);
    const items = (JSON.parse(c.items) as Array<{ name: string; amountFen: number }>).map((i) => ({ name: i.name, amountFen: i.amountFen, description: '车损赔偿' }));
    try {
      const openid = await this.deps.rentals.openidOf(r.userId);
      if (!openid) throw new Error('renter has no openid');
      await this.deps.payscore.start({
        payerUserId: r.userId, payerOpenid: openid, sourceKind: CLAIM_PAYSCORE_KIND, sourceId: claimSource(c.id), introduction: `车损赔偿 ${formatPlate(car?.plate ?? '')}`,
        riskFundFen: c.amountFen, startTime: c.createdAt, startLocation: '分时租赁还车网点',
      });
      await this.deps.payscore.complete(CLAIM_PAYSCORE_KIND, claimSource(c.id), { items, totalFen: c.amountFen, endTime: this.deps.clock.now(), endLocation: '分时租赁还车网点' });
    } catch (err) {
      this.deps.logger.warn({ err, claimId }, 'charging a damage claim through payscore failed; the scheduler retries');
    }
  }

  /** payscore.paid / payment.paid of a claim: the claim is paid. */
  subscribe(events: EventBus): void {
    events.subscribe(RENTAL_CLAIM_SUBSCRIBER, ['payscore.paid', 'payment.paid'], async (e) => {
      const p = (e as DomainEvent<'payscore.paid'> | DomainEvent<'payment.paid'>).payload;
      if ((p.sourceKind !== CLAIM_PAYSCORE_KIND && p.sourceKind !== RENTAL_PAYMENT_KIND) || !p.sourceId.startsWith('claim-')) return;
      await this.repo.moveClaim(Number(p.sourceId.slice('claim-'.length)), ['charged'], { status: 'paid' });
    });
  }

  /** A charged claim of a rental paid per rental: the renter pays it through WeChat Pay (JSAPI). */
  async payClaim(actor: Actor, claimId: number): Promise<{ claim: DamageClaim; payParams: Record<string, string> | null; outTradeNo: string | null; fakeWechatPayBaseUrl: string | null }> {
    const c = await this.visibleClaim(actor, claimId);
    if (!canDriveRental(actor, c)) throw new ForbiddenError(E.RENTAL_FORBIDDEN, `索赔 ${claimId} 不是您的订单`);
    if (c.status !== 'charged' || c.chargeRef !== 'wechat_pay') {
      throw new ConflictError(E.RENTAL_CLAIM_STATE_CONFLICT, `索赔 ${claimId} ${claimStatusLabel[c.status]}${c.chargeRef === 'payscore' ? '（由微信支付分自动扣款）' : c.chargeRef === 'statement' ? '（由单位结算）' : ''}，无需支付`);
    }
    const openid = await this.deps.rentals.openidOf(actor.userId);
    if (!openid) throw new ConflictError(E.RENTAL_NOT_PAYABLE, '您的账号尚未绑定微信，请使用微信登录后再支付');
    const r = (await this.repo.rental(c.rentalId))!;
    const car = await this.repo.car(r.carId);
    const started = await this.deps.payments.start({
      payerUserId: actor.userId, payerOpenid: openid, amountFen: c.amountFen, description: `车损赔偿 ${formatPlate(car?.plate ?? '')} 索赔 ${c.id}`,
      sourceId: claimSource(c.id), lockSource: async () => { await this.repo.claim(c.id, true); },
    });
    return { claim: await this.present(c), payParams: started.payParams, outTradeNo: started.outTradeNo, fakeWechatPayBaseUrl: this.deps.payments.fakeWechatPayBaseUrl };
  }

  async mine(actor: Actor): Promise<DamageClaim[]> {
    return Promise.all((await this.repo.claims({ userId: actor.userId })).map((c) => this.present(c)));
  }

  async companyClaims(actor: Actor): Promise<DamageClaim[]> {
    const companyId = operatedCompany(actor);
    if (companyId == null && !actor.roles.includes('platform_admin')) throw new ForbiddenError(E.RENTAL_FORBIDDEN, '只有租赁企业的运营人员可以查看车损索赔');
    return Promise.all((await this.repo.claims({ companyId: companyId ?? undefined })).map((c) => this.present(c)));
  }

  async get(actor: Actor, claimId: number): Promise<DamageClaim> {
    return this.present(await this.visibleClaim(actor, claimId));
  }

  /** The renter's, the company's operators', the platform's; anyone else's answers as missing. */
  private async visibleClaim(actor: Actor, claimId: number): Promise<ClaimRow> {
    const c = await this.repo.claim(claimId);
    if (!c || !(canReadRental(actor, c) || canOperateRental(actor, c))) throw new NotFoundError(E.RENTAL_CLAIM_NOT_FOUND, `车损索赔 ${claimId} 不存在`);
    return c;
  }

  private async present(c: ClaimRow): Promise<DamageClaim> {
    const r: RentalRow = (await this.repo.rental(c.rentalId))!;
    const car = await this.repo.car(r.carId);
    const evidence = await this.repo.evidenceByIds(JSON.parse(c.evidenceIds) as number[]);
    return {
      id: c.id, rentalId: c.rentalId, plate: car?.plate ?? '', userName: r.userName, purpose: c.purpose, description: c.description,
      items: JSON.parse(c.items) as DamageClaim['items'], amountFen: c.amountFen, evidence: evidence.map((e) => this.photo(e)), status: c.status,
      appealDeadline: new Date(c.appealDeadline).toISOString(), appealReason: c.appealReason, decisionNote: c.decisionNote,
      chargedAt: c.chargedAt ? new Date(c.chargedAt).toISOString() : null, createdAt: new Date(c.createdAt).toISOString(),
    };
  }
}
