import crypto from 'node:crypto';
import { SupervisionErrorCode } from '@shared/supervision/supervision.errors';
import {
  EVIDENCE_MAX_BYTES, EVIDENCE_PER_WARNING, type WarningEvidence,
  AppealWarningInput, HolidayInput, CheckWarningInput, DecideWarningInput, Warning, WarningKind, warningKindLabel, WarningListQuery, WarningRule,
  warningStatusLabel, warningActionLabel, warningKinds,
} from '@shared/supervision/supervision.schemas';
import type { Page } from '@shared/common/pagination';
import { formatPlate } from '@shared/common/format';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors';
import type { UploadedBytes } from '../../platform/http/request-middleware';
import { evidenceIdOf, evidenceRef, isEvidenceType, looksLike, signatureHolds, signedEvidenceUrl } from './warning-evidence';
import type { Database } from '../../platform/db/database';
import type { Clock } from '../../platform/clock';
import {
  canReadPoolRegion, canReadWarning, mayActAsSupervisor, mayActForUnit, warningScope, type RequestActor,
} from '../../platform/access';
import { regionPrefix } from '../../platform/data-scope';
import type { EvidenceRow, WarningActionRow, WarningRow } from './supervision.entity';
import type { SupervisionRepository } from './supervision.repository';
import { CLOSED_STATUSES, LOOP, RULES, ruleEnabled, type RuleSettings } from './supervision.rules';
import type { EventBus } from '../../platform/events';

export interface UnitNames { unitsByIds(ids: number[]): Promise<Array<{ id: number; name: string }>> }

/** The warning loop (核查 → 申诉 → 处理 → 通报), lists and the rule switches. Access is asked first in every method. */
export class WarningsService {
  constructor(
    private readonly db: Database, private readonly repo: SupervisionRepository, private readonly clock: Clock,
    private readonly units: UnitNames, private readonly settings: RuleSettings, private readonly events: Pick<EventBus, 'record'>,
  ) {}

  async list(actor: RequestActor, q: WarningListQuery): Promise<Page<Warning>> {
    const [rows, total] = await this.repo.list(warningScope(actor), q);
    return { items: await this.present(rows), total, page: q.page, pageSize: q.pageSize };
  }

  async get(actor: RequestActor, id: number): Promise<Warning> {
    const w = await this.repo.findWarning(id);
    if (!w || !canReadWarning(actor, w)) throw notFound(id);
    const [out] = await this.present([w]);
    const actions = await this.repo.actionsOf(id);
    const refs = actions.flatMap((a) => (JSON.parse(a.evidenceJson) as string[]).flatMap((e) => { const n = evidenceIdOf(e); return n == null ? [] : [n]; }));
    const keys = new Map((await this.repo.evidenceByIds(refs)).map((e) => [e.id, e.accessKey]));
    const nowMs = this.clock.now().getTime();
    // Uploaded photos are shown through signed links (an <Image> cannot send the token); outside URLs as they are.
    const show = (e: string) => { const n = evidenceIdOf(e); const key = n == null ? undefined : keys.get(n); return n != null && key ? signedEvidenceUrl(key, n, nowMs) : e; };
    return { ...out, actions: actions.map((a) => ({ ...toAction(a), evidence: toAction(a).evidence.map(show) })) };
  }

  /**
   * A photo for an appeal (申诉证据), uploaded by the unit's fleet admin while the warning can still
   * be appealed; its `ref` then goes into the appeal. At most EVIDENCE_PER_WARNING per warning.
   */
  async uploadEvidence(actor: RequestActor, id: number, upload: UploadedBytes | undefined): Promise<WarningEvidence> {
    const w = await this.repo.findWarning(id);
    if (!w || !canReadWarning(actor, w)) throw notFound(id);
    if (!mayActForUnit(actor, w)) throw new ForbiddenError(SupervisionErrorCode.WARNING_ACTION_FORBIDDEN, `预警 ${id} 的申诉证据须由被预警单位的车管员上传`);
    if (!upload || upload.bytes.length === 0) throw new ValidationError(SupervisionErrorCode.EVIDENCE_IMAGE_INVALID, '请上传证据照片（请求体为图片，JPEG、PNG 或 WebP）');
    const type = upload.contentType;
    if (!isEvidenceType(type)) throw new ValidationError(SupervisionErrorCode.EVIDENCE_IMAGE_INVALID, `证据照片须为 JPEG、PNG 或 WebP（收到 ${type}）`);
    if (!looksLike(type, upload.bytes)) throw new ValidationError(SupervisionErrorCode.EVIDENCE_IMAGE_INVALID, `上传的内容不是 ${type} 图片`);
    if (upload.bytes.length > EVIDENCE_MAX_BYTES) throw new ValidationError(SupervisionErrorCode.EVIDENCE_IMAGE_INVALID, `证据照片不超过 ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB`);
    const row = await this.db.transaction(async () => {
      const locked = (await this.repo.lockWarning(id))!;
      if (!LOOP.appeal.from.includes(locked.status)) {
        throw new ConflictError(SupervisionErrorCode.WARNING_STATE_CONFLICT, `预警 ${id} 当前为「${warningStatusLabel[locked.status]}」，不能再上传申诉证据`, { id, status: locked.status });
      }
      const count = await this.repo.countEvidence(id);
      if (count >= EVIDENCE_PER_WARNING) throw new ConflictError(SupervisionErrorCode.EVIDENCE_LIMIT, `预警 ${id} 已有 ${count} 张证据照片（最多 ${EVIDENCE_PER_WARNING} 张）`);
      return this.repo.insertEvidence({
        warningId: id, contentType: type, sizeBytes: upload.bytes.length, accessKey: crypto.randomBytes(24).toString('hex'),
        data: upload.bytes, uploadedBy: actor.userId, createdAt: this.clock.now(),
      });
    });
    return { id: row.id, ref: evidenceRef(row.id), url: signedEvidenceUrl(row.accessKey, row.id, this.clock.now().getTime()) };
  }

  /** The image behind a signed link; a wrong or expired signature is 404 (it says nothing more). */
  async evidenceImage(id: number, exp: number, sig: string): Promise<{ contentType: string; bytes: Buffer }> {
    const [e] = await this.repo.evidenceByIds([id], true);
    if (!e || !signatureHolds(e.accessKey, id, exp, sig, this.clock.now().getTime())) {
      throw new NotFoundError(SupervisionErrorCode.EVIDENCE_NOT_FOUND, `证据照片 ${id} 不存在或链接已过期`);
    }
    return { contentType: e.contentType, bytes: Buffer.from(e.data) };
  }

  /** Uploaded photos named in an appeal must be this warning's own. */
  private async checkEvidence(id: number, evidence: string[]): Promise<void> {
    const ids = evidence.flatMap((e) => { const n = evidenceIdOf(e); return n == null ? [] : [n]; });
    const rows: EvidenceRow[] = await this.repo.evidenceByIds(ids);
    const missing = ids.filter((n) => !rows.some((r) => r.id === n && r.warningId === id));
    if (missing.length) throw new ValidationError(SupervisionErrorCode.EVIDENCE_NOT_FOUND, `证据照片 ${missing.join('、')} 不是预警 ${id} 上传的照片`);
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

  async appeal(actor: RequestActor, id: number, input: AppealWarningInput): Promise<Warning> {
    await this.checkEvidence(id, input.evidence);
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
      await this.events.record('warning.changed', id, {
        warningId: id, kind: w.kind, grade: w.grade, unitId: w.unitId, regionCode: w.regionCode, vehicleId: w.vehicleId, action, status: step.to,
        closed: CLOSED_STATUSES.includes(step.to), note, actorName: actor.name, at: now.toISOString(),
      });
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

