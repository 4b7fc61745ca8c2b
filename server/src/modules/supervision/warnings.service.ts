import { SupervisionErrorCode } from '@shared/supervision/supervision.errors';
import {
  AppealWarningInput, HolidayInput, CheckWarningInput, DecideWarningInput, Warning, WarningKind, warningKindLabel, WarningListQuery, WarningRule,
  warningStatusLabel, warningActionLabel, warningKinds,
} from '@shared/supervision/supervision.schemas';
import type { Page } from '@shared/common/pagination';
import { formatPlate } from '@shared/common/format';
import { ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors';
import type { Database } from '../../platform/db/database';
import type { Clock } from '../../platform/clock';
import {
  canReadPoolRegion, canReadWarning, mayActAsSupervisor, mayActForUnit, warningScope, type RequestActor,
} from '../../platform/access';
import { regionPrefix } from '../../platform/data-scope';
import type { WarningActionRow, WarningRow } from './supervision.entity';
import type { SupervisionRepository } from './supervision.repository';
import { LOOP, RULES, ruleEnabled, type RuleSettings } from './supervision.rules';

export interface UnitNames { unitsByIds(ids: number[]): Promise<Array<{ id: number; name: string }>> }

/** The warning loop (核查 → 申诉 → 处理 → 通报), lists and the rule switches. Access is asked first in every method. */
export class WarningsService {
  constructor(
    private readonly db: Database, private readonly repo: SupervisionRepository, private readonly clock: Clock,
    private readonly units: UnitNames, private readonly settings: RuleSettings,
  ) {}

  async list(actor: RequestActor, q: WarningListQuery): Promise<Page<Warning>> {
    const [rows, total] = await this.repo.list(warningScope(actor), q);
    return { items: await this.present(rows), total, page: q.page, pageSize: q.pageSize };
  }

  async get(actor: RequestActor, id: number): Promise<Warning> {
    const w = await this.repo.findWarning(id);
    if (!w || !canReadWarning(actor, w)) throw notFound(id);
    const [out] = await this.present([w]);
    return { ...out, actions: (await this.repo.actionsOf(id)).map(toAction) };
  }

  /** 通报: warnings published to the actor's unit's region or a region above it. */
  async notices(actor: RequestActor): Promise<Warning[]> {
    const code = actor.regionCode;
    const prefixes = [2, 4, 6, 9].filter((n) => n <= code.length).map((n) => code.slice(0, n));
    return this.present(await this.repo.published(prefixes, 50));
  }

  check(actor: RequestActor, id: number, input: CheckWarningInput): Promise<Warning> {
    return this.move(actor, id, 'check', input.note);
  }

  appeal(actor: RequestActor, id: number, input: AppealWarningInput): Promise<Warning> {
    return this.move(actor, id, 'appeal', input.reason, input.evidence, input.tripId ?? null);
  }

  decide(actor: RequestActor, id: number, input: DecideWarningInput): Promise<Warning> {
    return this.move(actor, id, input.outcome, input.note);
  }

  publish(actor: RequestActor, id: number, note?: string): Promise<Warning> {
    return this.move(actor, id, 'publish', note ?? '');
  }

  /** One step of the loop: locks the warning, checks who acts and the state, writes the action with the change. */
  private async move(actor: RequestActor, id: number, action: keyof typeof LOOP, note: string, evidence: string[] = [], tripId: number | null = null): Promise<Warning> {
    const step = LOOP[action];
    await this.db.transaction(async () => {
      const w = await this.repo.lockWarning(id);
      if (!w || !canReadWarning(actor, w)) throw notFound(id);
      const allowed = step.by === 'unit' ? mayActForUnit(actor, w) : mayActAsSupervisor(actor, w);
      if (!allowed) {
        throw new ForbiddenError(SupervisionErrorCode.WARNING_ACTION_FORBIDDEN, step.by === 'unit'
          ? `预警 ${id} 的${warningActionLabel[action]}须由被预警单位的车管员办理`
          : `预警 ${id} 的${warningActionLabel[action]}须由上级主管部门办理`);
      }
      if (!step.from.includes(w.status)) {
        throw new ConflictError(SupervisionErrorCode.WARNING_STATE_CONFLICT, `预警 ${id} 当前为「${warningStatusLabel[w.status]}」，不能${warningActionLabel[action]}`, { id, status: w.status });
      }
      const now = this.clock.now();
      const publishedTo = action === 'publish' ? regionPrefix(actor.regionCode, actor.regionLevel) : w.publishedTo;
      await this.repo.updateWarning(id, { status: step.to, updatedAt: now, publishedTo });
      await this.repo.insertAction({ warningId: id, action, actorId: actor.userId, actorName: actor.name, note, evidenceJson: JSON.stringify(evidence), tripId, at: now });
    });
    return this.get(actor, id);
  }

  /** A holiday calendar entry: nationwide by the platform admin, for a unit by its fleet admin (or the platform admin). */
  async addHoliday(actor: RequestActor, input: HolidayInput): Promise<HolidayInput> {
    const admin = actor.roles.includes('platform_admin');
    if (!admin && (input.unitId == null || !actor.roles.includes('fleet_admin') || input.unitId !== actor.unitId)) {
      throw new ForbiddenError(SupervisionErrorCode.WARNING_ACTION_FORBIDDEN, input.unitId == null ? '全国节假日由平台管理员维护' : `单位 ${input.unitId} 的节假日由该单位车管员维护`);
    }
    await this.db.transaction(() => this.repo.addHoliday({ unitId: input.unitId, day: input.day, kind: input.kind, name: input.name }));
    return input;
  }

  /** The rule catalogue as it applies in a region (the actor's own by default). */
  async rules(actor: RequestActor, regionCode?: string): Promise<WarningRule[]> {
    const code = regionCode ?? actor.regionCode;
    if (!actor.roles.includes('platform_admin') && !canReadPoolRegion(actor, code)) throw outOfScope(code);
    const switches = await this.repo.switches();
    return warningKinds.map((kind) => {
      const def = RULES[kind];
      return { kind, label: def.label, source: def.source, params: def.params(this.settings), ...ruleEnabled(def, code, switches.filter((s) => s.kind === kind)) };
    });
  }

  /** A supervisor switches a rule on or off for their region or a region below it; the platform admin anywhere. */
  async switchRule(actor: RequestActor, kind: WarningKind, regionCode: string, enabled: boolean): Promise<WarningRule[]> {
    if (!canReadPoolRegion(actor, regionCode)) throw outOfScope(regionCode);
    await this.db.transaction(() => this.repo.saveSwitch(kind, regionCode, enabled, actor.userId, this.clock.now()));
    return this.rules(actor, regionCode);
  }

  private async present(rows: WarningRow[]): Promise<Warning[]> {
    const names = new Map((await this.units.unitsByIds([...new Set(rows.map((w) => w.unitId))])).map((u) => [u.id, u.name]));
    return rows.map((w) => toWarning(w, names.get(w.unitId) ?? `单位 ${w.unitId}`));
  }
}

const notFound = (id: number) => new NotFoundError(SupervisionErrorCode.WARNING_NOT_FOUND, `预警 ${id} 不存在`);
const outOfScope = (code: string) => new NotFoundError(SupervisionErrorCode.REGION_OUT_OF_SCOPE, `区划 ${code} 不存在或不在您的监管范围内`);

export const toWarning = (w: WarningRow, unitName: string): Warning => ({
  id: w.id, kind: w.kind, kindLabel: warningKindLabel[w.kind], grade: w.grade, status: w.status, statusLabel: warningStatusLabel[w.status],
  vehicleId: w.vehicleId, plate: w.plate ? formatPlate(w.plate) : null, unitId: w.unitId, unitName, regionCode: w.regionCode, tripId: w.tripId,
  title: w.title, detail: w.detail, source: RULES[w.kind].source,
  occurredAt: new Date(w.occurredAt).toISOString(), raisedAt: new Date(w.raisedAt).toISOString(),
});

const toAction = (a: WarningActionRow) => ({
  action: a.action, actorName: a.actorName, note: a.note, evidence: JSON.parse(a.evidenceJson) as string[], tripId: a.tripId, at: new Date(a.at).toISOString(),
});

