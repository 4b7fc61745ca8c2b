import { CommonErrorCode } from '@shared/common/errors';
import { FleetErrorCode as E } from '@shared/fleet/fleet.errors';
import { IdentityErrorCode } from '@shared/identity/identity.errors';
import { formatPlate } from '@shared/common/format';
import { formatYuan } from '@shared/common/money';
import { shanghaiDate } from '@shared/common/time';
import { vehicleCategoryLabel, vehicleStatusLabel, type VehicleCategory } from '@shared/fleet/fleet.schemas';
import {
  Application, ApplicationKind, ApplicationListQuery, applicationKindLabel, applicationStatusLabel, DisposalApplyInput, disposalMethodLabel,
  DisposalProceedsInput, ExemptionApplyInput, exemptionReasonLabel, ImportRowError, ProcurementApplyInput, QuotaImportInput, QuotaImportResult, QuotaUse,
  RenewalApplyInput, SetQuotaInput, SetVehicleStandardInput, VehicleStandard,
} from '@shared/fleet/lifecycle.schemas';
import type { Page } from '@shared/common/pagination';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors';
import type { Database } from '../../platform/db/database';
import type { Clock } from '../../platform/clock';
import type { EventBus } from '../../platform/events';
import {
  QUOTA_SETTERS, applicationScope, canReadApplication, canReadQuotaOf, canReadUnit, canReadVehicle, canSetQuotaOf, canSetVehicleStandards, mayApplyForVehicles,
  vehicleScope, type RequestActor,
} from '../../platform/access';
import { officialUnitKinds } from '@shared/identity/identity.schemas';
import type { ApprovalsService } from '../approvals';
import type { IdentityService } from '../identity';
import type { NotificationsService } from '../notifications';
import type { VehicleRow } from './fleet.entity';
import type { VehicleApplicationRow, VehicleStandardRow } from './lifecycle.entity';
import type { LifecycleRepository } from './lifecycle.repository';
import { newCarBreaches, renewalEligibility, type Breach } from './lifecycle.rules';
import { vehicleFacts } from './vehicle-facts';
import { duplicateRows, parseQuotaSheet } from './quota-import';
import { categoryRefusal, quotaRefusal, underQuota } from './unit-kind.rules';
import { categoryAllowed, fleetKindLabel, fleetKindOf, type FleetKind } from '@shared/fleet/unit-kind-rules';

export interface LifecycleDeps {
  db: Database; repo: LifecycleRepository; identity: IdentityService; approvals: ApprovalsService; notifications: NotificationsService;
  events: Pick<EventBus, 'record'>; clock: Clock;
}

/** Which approval kind decides an application (procurement is a renewal-kind approval: 配备更新). */
export const approvalKindOf = (kind: ApplicationKind) => (kind === 'procurement' ? 'renewal' : kind);
export const APPROVAL_VARIANT = 'default';

/**
 * 配备更新, 报废处置 and 暂不纳入 (DOMAIN.md §3, §7): applications checked first against the standards table
 * and the vehicle's state, then decided in the approval center (lifecycle.approval-handler.ts).
 */
export class LifecycleService {
  constructor(private readonly d: LifecycleDeps) {}

  async standards(): Promise<VehicleStandard[]> {
    return (await this.d.repo.standards()).map(toStandard);
  }

  async setStandard(actor: RequestActor, input: SetVehicleStandardInput): Promise<VehicleStandard[]> {
    if (!canSetVehicleStandards(actor)) throw new ForbiddenError(CommonErrorCode.FORBIDDEN, '只有平台管理员可以修改车辆配备标准');
    if (!categoryAllowed(input.fleetKind, input.category)) {
      throw new ValidationError(E.CATEGORY_NOT_FOR_UNIT_KIND, `${fleetKindLabel[input.fleetKind]}不配备${vehicleCategoryLabel[input.category]}，不能为其设置配备标准`);
    }
    await this.d.db.transaction(() => this.d.repo.saveStandard({
      fleetKind: input.fleetKind, category: input.category, renewalAgeYears: input.renewalAgeYears, renewalMileageKm: input.renewalMileageKm, priceCapFen: input.priceCapFen,
      displacementCapMl: input.displacementCapMl, newEnergy: input.newEnergy, sourcesJson: JSON.stringify(input.sources), updatedAt: this.d.clock.now(),
    }));
    return this.standards();
  }

  /** 编制 use per unit and category: a unit's own, or every unit in a supervisor's region; 超编 flagged. */
  async quotaUse(actor: RequestActor, unitId?: number): Promise<QuotaUse[]> {
    let unitIds: number[];
    if (unitId) {
      const unit = await this.d.identity.unitById(unitId);
      if (!unit || !canReadQuotaOf(actor, unit)) throw new NotFoundError(IdentityErrorCode.UNIT_NOT_FOUND, `单位 ${unitId} 不存在`);
      unitIds = [unit.id];
    } else {
      unitIds = await this.d.identity.unitIdsInScope(actor.scope);
    }
    const units = new Map((await this.d.identity.unitsByIds(unitIds)).filter((u) => officialUnitKinds.includes(u.kind)).map((u) => [u.id, u]));
    const ids = [...units.keys()];
    const [quotas, counts, reserved] = await Promise.all([this.d.repo.quotas(ids), this.d.repo.quotaCounts(ids), this.d.repo.reservedCounts(ids)]);
    const key = (u: number, c: string) => `${u}/${c}`;
    const rows = new Map<string, QuotaUse>();
    const row = (u: number, c: VehicleCategory) => {
      const k = key(u, c);
      const unit = units.get(u)!;
      if (!rows.has(k)) rows.set(k, { unitId: u, unitName: unit.name, unitKind: unit.kind, category: c, categoryLabel: vehicleCategoryLabel[c], quota: 0, used: 0, reserved: 0, over: false });
      return rows.get(k)!;
    };
    // 国有企业业务用车 is outside 编制 (unit-kind-rules.ts): neither counted nor flagged.
    const counted = (u: number, c: VehicleCategory) => units.has(u) && underQuota(units.get(u)!.kind, c);
    for (const q of quotas) if (counted(q.unitId, q.category)) row(q.unitId, q.category).quota = q.quota;
    for (const c of counts) if (counted(c.unitId, c.category)) row(c.unitId, c.category).used = c.used;
    for (const r of reserved) if (counted(r.unitId, r.category)) row(r.unitId, r.category).reserved = r.count;
    return [...rows.values()].map((r) => ({ ...r, over: r.used + r.reserved > r.quota }))
      .sort((a, b) => a.unitId - b.unitId || a.category.localeCompare(b.category));
  }

  /**
   * Every official unit holding more registered vehicles of a category than its 编制 (not disposed, not
   * replaced by an approved renewal), for supervision's 超编制配备 check: no actor, the whole platform.
   */
  async quotaBreaches(): Promise<Array<{ unitId: number; unitName: string; regionCode: string; category: VehicleCategory; categoryLabel: string; quota: number; used: number }>> {
    const [quotas, counts] = await Promise.all([this.d.repo.quotas(null), this.d.repo.quotaCounts(null)]);
    const quotaOf = new Map(quotas.map((q) => [`${q.unitId}/${q.category}`, q.quota]));
    const over = counts.filter((c) => c.used > (quotaOf.get(`${c.unitId}/${c.category}`) ?? 0));
    const units = new Map((await this.d.identity.unitsByIds([...new Set(over.map((c) => c.unitId))])).filter((u) => officialUnitKinds.includes(u.kind)).map((u) => [u.id, u]));
    return over.flatMap((c) => {
      const u = units.get(c.unitId);
      return u ? [{ unitId: u.id, unitName: u.name, regionCode: u.regionCode, category: c.category, categoryLabel: vehicleCategoryLabel[c.category], quota: quotaOf.get(`${c.unitId}/${c.category}`) ?? 0, used: c.used }] : [];
    });
  }

  async setQuota(actor: RequestActor, input: SetQuotaInput): Promise<QuotaUse[]> {
    const unit = await this.d.identity.unitById(input.unitId);
    if (!unit || !canReadUnit(actor, unit)) throw new NotFoundError(IdentityErrorCode.UNIT_NOT_FOUND, `单位 ${input.unitId} 不存在`);
    if (!canSetQuotaOf(actor, unit)) throw new ForbiddenError(CommonErrorCode.FORBIDDEN, `单位「${unit.name}」的编制由上级主管部门核定，您不能修改`);
    if (!officialUnitKinds.includes(unit.kind)) throw new ValidationError(E.UNIT_CANNOT_OWN_VEHICLES, `单位「${unit.name}」不是用车单位，没有车辆编制`);
    const refusal = categoryRefusal(unit, input.category) ?? quotaRefusal(unit, input.category);
    if (refusal) throw new ValidationError(E.CATEGORY_NOT_FOR_UNIT_KIND, refusal);
    await this.d.db.transaction(() => this.d.repo.setQuota(unit.id, input.category, input.quota));
    return this.quotaUse(actor, unit.id);
  }

  /**
   * 定编 from Excel: the 编制 of units by category as the level above filled them in. Every row is checked as
   * the one-at-a-time form would be (a unit the actor sees by that name, whose quota the actor may set, that
   * may own vehicles; a category; a whole number) and a unit and category named twice is refused. One bad
   * row and nothing is written: the 400 lists every bad row. Otherwise all rows in one transaction. The API's
   * audit trail records the import like any other configuration change.
   */
  async importQuotas(actor: RequestActor, input: QuotaImportInput): Promise<QuotaImportResult> {
    if (!actor.roles.some((r) => (QUOTA_SETTERS as readonly string[]).includes(r))) {
      throw new ForbiddenError(CommonErrorCode.FORBIDDEN, '只有上级主管部门或平台管理员可以导入单位编制');
    }
    const rows = await parseQuotaSheet(Buffer.from(input.fileBase64, 'base64'));
    const visible = await this.d.identity.unitsByIds(await this.d.identity.unitIdsInScope(actor.scope));
    const byName = new Map<string, typeof visible>();
    for (const u of visible) byName.set(u.name, [...(byName.get(u.name) ?? []), u]);
    const errors: ImportRowError[] = [];
    const good: Array<{ row: number; unitName: string; unitId: number; category: VehicleCategory; quota: number }> = [];
    for (const r of rows) {
      if ('error' in r) { errors.push({ row: r.row, subject: r.unitName, message: r.error }); continue; }
      const found = byName.get(r.unitName) ?? [];
      const bad = (message: string) => errors.push({ row: r.row, subject: r.unitName, message });
      if (!found.length) { bad(`没有名为「${r.unitName}」的单位（或不在您的管辖范围内）`); continue; }
      if (found.length > 1) { bad(`有 ${found.length} 个单位名为「${r.unitName}」，请在平台管理中区分后再导入`); continue; }
      const unit = found[0]!;
      if (!officialUnitKinds.includes(unit.kind)) { bad(`「${unit.name}」不是用车单位，没有车辆编制`); continue; }
      if (!canSetQuotaOf(actor, unit)) { bad(`「${unit.name}」的编制由其上级主管部门核定，您不能修改`); continue; }
      const refusal = categoryRefusal(unit, r.category) ?? quotaRefusal(unit, r.category);
      if (refusal) { bad(refusal); continue; }
      good.push({ ...r, unitId: unit.id });
    }
    errors.push(...duplicateRows(good));
    if (errors.length) {
      errors.sort((a, b) => a.row - b.row);
      throw new ValidationError(E.QUOTA_IMPORT_REJECTED,
        `编制导入表有 ${errors.length} 行错误，未写入任何编制：${errors.slice(0, 3).map((e) => `第 ${e.row} 行 ${e.message}`).join('；')}${errors.length > 3 ? '…' : ''}`,
        errors);
    }
    await this.d.db.transaction(async () => {
      for (const r of good) await this.d.repo.setQuota(r.unitId, r.category, r.quota);
    });
    const unitIds = new Set(good.map((r) => r.unitId));
    return { written: good.length, quotas: (await this.quotaUse(actor)).filter((q) => unitIds.has(q.unitId)) };
  }

  /** 更新: a unit's vehicle to be replaced by a new one of the same category, checked against the standards table. */
  async applyRenewal(actor: RequestActor, vehicleId: number, input: RenewalApplyInput): Promise<Application> {
    const seen = await this.applicableVehicle(actor, vehicleId);
    const std = await this.standardOf(await this.fleetKindOfUnit(seen.ownerUnitId), seen.category);
    const car = { ...input, category: seen.category };
    return this.d.db.transaction(async () => {
      const v = (await this.d.repo.lockVehicle(vehicleId))!;
      this.assertActive(v, '更新');
      if (v.replacedByApplicationId) throw new ConflictError(E.VEHICLE_STATE_CONFLICT, `车辆 ${formatPlate(v.plate)} 已有获批的更新申请 ${v.replacedByApplicationId}`);
      await this.assertNoOpen(v, ['renewal', 'disposal']);
      const eligibility = renewalEligibility(std, { registeredOn: v.registeredOn, odometerKm: Number(v.odometerHm) / 10 }, shanghaiDate(this.d.clock.now()), input.earlyReason);
      refuse([...(eligibility.breach ? [eligibility.breach] : []), ...newCarBreaches(std, car)]);
      const details = { ...input, ageYears: eligibility.ageYears, odometerKm: Number(v.odometerHm) / 10, early: eligibility.early, replacesPlate: v.plate };
      const summary = `更新 ${formatPlate(v.plate)}（已使用 ${eligibility.ageYears} 年、${Math.round(details.odometerKm)} 公里${eligibility.early ? '，提前更新：' + input.earlyReason : ''}）→ ${input.brandModel} ${formatYuan(input.priceFen)}`;
      return this.submit(actor, { kind: 'renewal', unitId: v.ownerUnitId, regionCode: v.regionCode, vehicleId: v.id, category: v.category, details, summary, amountFen: input.priceFen });
    });
  }

  /** 新增配备: an additional vehicle for a unit; approval raises its quota of the category by one. */
  async applyProcurement(actor: RequestActor, input: ProcurementApplyInput): Promise<Application> {
    if (!mayApplyForVehicles(actor)) throw new ForbiddenError(CommonErrorCode.FORBIDDEN, '只有单位车管员可以申请配备车辆');
    const unit = await this.d.identity.unitById(input.unitId);
    if (!unit || !canReadUnit(actor, unit) || (!actor.scope.all && unit.id !== actor.unitId)) throw new NotFoundError(IdentityErrorCode.UNIT_NOT_FOUND, `单位 ${input.unitId} 不存在`);
    if (!officialUnitKinds.includes(unit.kind)) throw new ValidationError(E.UNIT_CANNOT_OWN_VEHICLES, `单位「${unit.name}」不是用车单位，不能申请配备公务用车`);
    const refusal = categoryRefusal(unit, input.category);
    if (refusal) throw new ValidationError(E.CATEGORY_NOT_FOR_UNIT_KIND, refusal);
    const std = await this.standardOf(fleetKindOf(unit.kind) ?? 'organ', input.category);
    refuse(newCarBreaches(std, input));
    const { unitId: _unit, category, ...fields } = input;
    // 业务用车 of a 国有企业 is outside 编制: its approval adds no quota place (lifecycle.approval-handler.ts).
    const details = { ...fields, quotaFree: !underQuota(unit.kind, category) };
    const summary = `新增${vehicleCategoryLabel[category]} ${input.brandModel} ${formatYuan(input.priceFen)}：${input.reason}`;
    return this.d.db.transaction(() => this.submit(actor, { kind: 'procurement', unitId: unit.id, regionCode: unit.regionCode, vehicleId: null, category, details, summary, amountFen: input.priceFen }));
  }

  /** 报废处置: auction, buy-back, scrapping or transfer; on approval the vehicle leaves the active fleet. */
  async applyDisposal(actor: RequestActor, vehicleId: number, input: DisposalApplyInput): Promise<Application> {
    await this.applicableVehicle(actor, vehicleId);
    return this.d.db.transaction(async () => {
      const v = (await this.d.repo.lockVehicle(vehicleId))!;
      if (v.status === 'disposed') throw new ConflictError(E.VEHICLE_STATE_CONFLICT, `车辆 ${formatPlate(v.plate)} 已处置`);
      await this.assertNoOpen(v, ['disposal']);
      const details = { ...input, previousStatus: v.status };
      await this.d.repo.updateVehicle(v.id, { status: 'pending_disposal' });
      const summary = `${disposalMethodLabel[input.method]} ${formatPlate(v.plate)}（${v.brandModel}，${v.registeredOn} 登记）${input.method === 'transfer' ? '至' + input.transferTo : ''}，预计收入 ${formatYuan(input.expectedProceedsFen)}：${input.reason}`;
      const app = await this.submit(actor, { kind: 'disposal', unitId: v.ownerUnitId, regionCode: v.regionCode, vehicleId: v.id, category: v.category, details, summary, amountFen: input.expectedProceedsFen });
      await this.d.events.record('vehicle.changed', v.id, { ...vehicleFacts({ ...v, status: 'pending_disposal' }), change: `申请${disposalMethodLabel[input.method]}，转为待处置`, at: this.d.clock.now().toISOString() });
      return app;
    });
  }

  /** The approved disposal's outcome: proceeds (处置收入), to whom, when. */
  async recordProceeds(actor: RequestActor, vehicleId: number, input: DisposalProceedsInput): Promise<Application> {
    await this.applicableVehicle(actor, vehicleId, true);
    return this.d.db.transaction(async () => {
      const app = (await this.d.repo.ofVehicle(vehicleId)).reverse().find((a) => a.kind === 'disposal' && (a.status === 'approved' || a.status === 'pending'));
      if (!app || app.status !== 'approved') throw new ConflictError(E.APPLICATION_STATE_CONFLICT, `车辆 ${vehicleId} 没有已批准、待登记收入的处置申请${app ? `（处置申请 ${app.id} 仍在审批中）` : ''}`);
      const details = { ...JSON.parse(app.detailsJson) as Record<string, unknown>, counterparty: input.counterparty, completedOn: input.completedOn };
      await this.d.repo.move(app.id, ['approved'], { status: 'completed', proceedsFen: input.proceedsFen, detailsJson: JSON.stringify(details) });
      return this.toApplication((await this.d.repo.find(app.id))!);
    });
  }

  /** Appendix B 暂不纳入: the unit asks that a vehicle not be put on the platform, with the reason and its own opinion. */
  async applyExemption(actor: RequestActor, vehicleId: number, input: ExemptionApplyInput): Promise<Application> {
    await this.applicableVehicle(actor, vehicleId);
    return this.d.db.transaction(async () => {
      const v = (await this.d.repo.lockVehicle(vehicleId))!;
      this.assertActive(v, '申请暂不纳入');
      if (v.exemptedOn) throw new ConflictError(E.VEHICLE_STATE_CONFLICT, `车辆 ${formatPlate(v.plate)} 已于 ${v.exemptedOn} 批准暂不纳入平台`);
      await this.assertNoOpen(v, ['exemption']);
      const summary = `${formatPlate(v.plate)}（${v.brandModel}，${vehicleCategoryLabel[v.category]}）暂不纳入平台：${exemptionReasonLabel[input.reason]}，${input.detail}`;
      return this.submit(actor, { kind: 'exemption', unitId: v.ownerUnitId, regionCode: v.regionCode, vehicleId: v.id, category: v.category, details: { ...input }, summary, amountFen: null });
    });
  }

  async listApplications(actor: RequestActor, q: ApplicationListQuery): Promise<Page<Application>> {
    const [rows, total] = await this.d.repo.list(applicationScope(actor), q);
    return { items: await Promise.all(rows.map((r) => this.toApplication(r))), total, page: q.page, pageSize: q.pageSize };
  }

  async getApplication(actor: RequestActor, id: number): Promise<Application> {
    const app = await this.d.repo.find(id);
    if (!app || !canReadApplication(actor, app)) throw new NotFoundError(E.APPLICATION_NOT_FOUND, `申请 ${id} 不存在`);
    return this.toApplication(app);
  }

  /** A vehicle's applications (its life page), after the caller checked the vehicle is visible. */
  async ofVehicle(vehicleId: number): Promise<Application[]> {
    return Promise.all((await this.d.repo.ofVehicle(vehicleId)).map((r) => this.toApplication(r)));
  }

  /** Approved exemptions in scope (Appendix B, listed for supervisors): the vehicle and the decided application. */
  async exemptions(actor: RequestActor): Promise<Array<{ vehicle: VehicleRow; application: Application | null }>> {
    const vehicles = await this.d.repo.exemptVehicles(vehicleScope(actor));
    return Promise.all(vehicles.map(async (v) => {
      const app = (await this.d.repo.ofVehicle(v.id)).reverse().find((a) => a.kind === 'exemption' && a.status === 'approved');
      return { vehicle: v, application: app ? await this.toApplication(app) : null };
    }));
  }

  async toApplication(r: VehicleApplicationRow): Promise<Application> {
    const [unit] = await this.d.identity.unitsByIds([r.unitId]);
    const plate = r.vehicleId ? (await this.d.repo.vehicle(r.vehicleId))?.plate ?? null : null;
    return {
      id: r.id, kind: r.kind, kindLabel: applicationKindLabel[r.kind], status: r.status, statusLabel: applicationStatusLabel[r.status], unitId: r.unitId,
      unitName: unit?.name ?? '', regionCode: r.regionCode, vehicleId: r.vehicleId, plate, category: r.category, details: JSON.parse(r.detailsJson) as Record<string, unknown>,
      summary: r.summary, applicantName: r.applicantName, submittedAt: new Date(r.submittedAt).toISOString(), decidedAt: r.decidedAt ? new Date(r.decidedAt).toISOString() : null,
      newVehicleId: r.newVehicleId, proceedsFen: r.proceedsFen == null ? null : Number(r.proceedsFen),
    };
  }

  private async submit(actor: RequestActor, a: { kind: ApplicationKind; unitId: number; regionCode: string; vehicleId: number | null; category: VehicleCategory; details: object; summary: string; amountFen: number | null }): Promise<Application> {
    const now = this.d.clock.now();
    const row = await this.d.repo.insert({
      kind: a.kind, status: 'pending', unitId: a.unitId, regionCode: a.regionCode, vehicleId: a.vehicleId, category: a.category, detailsJson: JSON.stringify(a.details),
      summary: a.summary.slice(0, 500), applicantId: actor.userId, applicantName: actor.name, submittedAt: now, decidedAt: null, newVehicleId: null, proceedsFen: null,
    });
    const kind = approvalKindOf(a.kind);
    await this.d.approvals.submit({
      kind, variant: APPROVAL_VARIANT, subjectId: row.id, unitId: a.unitId, regionCode: a.regionCode, applicantId: actor.userId, applicantName: actor.name,
      title: `${applicationKindLabel[a.kind]}申请 ${row.id}`, summary: a.summary.slice(0, 300), amountFen: a.amountFen,
    }, { userId: actor.userId, name: actor.name }, { newSubject: true });
    await this.d.notifications.record(await this.d.approvals.approverNotices(kind, row.id));
    return this.toApplication(row);
  }

  /** The vehicle, visible to the actor (404 otherwise) and the actor one who applies for it (403). */
  private async applicableVehicle(actor: RequestActor, vehicleId: number, allowDisposed = false): Promise<VehicleRow> {
    const v = await this.d.repo.vehicle(vehicleId);
    if (!v || !canReadVehicle(actor, v)) throw new NotFoundError(E.VEHICLE_NOT_FOUND, `车辆 ${vehicleId} 不存在`);
    if (!mayApplyForVehicles(actor) || (!actor.scope.all && v.ownerUnitId !== actor.unitId)) {
      throw new ForbiddenError(CommonErrorCode.FORBIDDEN, `只有车辆 ${formatPlate(v.plate)} 所属单位的车管员可以提出申请`);
    }
    if (!allowDisposed && v.status === 'disposed') throw new ConflictError(E.VEHICLE_STATE_CONFLICT, `车辆 ${formatPlate(v.plate)} 已处置`);
    return v;
  }

  private assertActive(v: VehicleRow, what: string): void {
    if (v.status === 'disposed' || v.status === 'pending_disposal') {
      throw new ConflictError(E.VEHICLE_STATE_CONFLICT, `车辆 ${formatPlate(v.plate)} 状态为「${vehicleStatusLabel[v.status]}」，不能${what}`);
    }
  }

  private async assertNoOpen(v: VehicleRow, kinds: ApplicationKind[]): Promise<void> {
    const open = await this.d.repo.openFor(v.id, kinds);
    if (open) {
      throw new ConflictError(E.VEHICLE_STATE_CONFLICT, `车辆 ${formatPlate(v.plate)} 已有${applicationStatusLabel[open.status]}的${applicationKindLabel[open.kind]}申请 ${open.id}`);
    }
  }

  private async standardOf(fleetKind: FleetKind, category: VehicleCategory): Promise<VehicleStandard> {
    const row = await this.d.repo.standard(fleetKind, category);
    if (!row) throw new ConflictError(E.VEHICLE_STANDARD_BREACHED, `${fleetKindLabel[fleetKind]}${vehicleCategoryLabel[category]}没有配备标准，请平台管理员先在标准表中设置`);
    return toStandard(row);
  }

  /** The standards of a vehicle's owner: its unit's kind (a unit without one, e.g. a rental company, by the organ rows). */
  private async fleetKindOfUnit(unitId: number): Promise<FleetKind> {
    const unit = await this.d.identity.unitById(unitId);
    return (unit && fleetKindOf(unit.kind)) ?? 'organ';
  }
}

/** The first broken rule refuses the application (400), naming the rule and its source; all of them in details. */
function refuse(breaches: Breach[]): void {
  if (!breaches.length) return;
  throw new ValidationError(E.VEHICLE_STANDARD_BREACHED, `不符合配备标准：${breaches.map((b) => b.message).join('；')}`, breaches.map((b) => ({ rule: b.rule, message: b.message })));
}

export const toStandard = (r: VehicleStandardRow): VehicleStandard => ({
  fleetKind: r.fleetKind, category: r.category, renewalAgeYears: r.renewalAgeYears, renewalMileageKm: r.renewalMileageKm, priceCapFen: Number(r.priceCapFen),
  displacementCapMl: r.displacementCapMl, newEnergy: r.newEnergy, sources: JSON.parse(r.sourcesJson) as VehicleStandard['sources'],
});
