import { ViolationErrorCode } from '@shared/violations/violations.errors';
import {
  violationSourceLabel, violationStatusLabel, type AssignViolationInput, type AssignViolationToTripInput, type ViolationCandidate, type Violation, type ViolationImportResult, type ViolationListQuery, type ViolationSource,
} from '@shared/violations/violations.schemas';
import type { Page } from '@shared/common/pagination';
import { formatPlate } from '@shared/common/format';
import { formatShanghai } from '@shared/common/time';
import type { LatLng } from '@shared/common/geo';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors';
import type { Database } from '../../platform/db/database';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import { canReadViolation, mayAssignViolation, mayAssignViolationToTrip, violationScope, type RequestActor } from '../../platform/access';
import type { ViolationRow } from './violations.entity';
import type { ViolationsRepository } from './violations.repository';
import { matchViolation, type Holder } from './violations.rules';
import { SupplierError, type ImportedViolation, type ViolationSupplier } from './violation-supplier.gateway';
import { parseViolationSheet } from './violations.excel';

/** What violations reads of other capabilities, through their services (the composition root wires them). */
export interface ViolationPorts {
  vehiclesByPlates(plates: string[]): Promise<Array<{ id: number; plate: string; ownerUnitId: number; regionCode: string }>>;
  /** Who had the car over a span: official trips' cars (driver's account) and time-share rentals. */
  holders(vehicleId: number, from: Date, to: Date): Promise<Holder[]>;
  /** Where the car's terminal put it nearest to `at` (within minutes), if it reported then. */
  trackNear(vehicleId: number, at: Date): Promise<LatLng | null>;
  usersWithRole(unitId: number, role: 'fleet_admin'): Promise<number[]>;
  usersByIds(ids: number[]): Promise<Array<{ id: number; name: string; unitId: number; regionCode: string; status: string }>>;
  unitsByIds(ids: number[]): Promise<Array<{ id: number; name: string; regionCode: string }>>;
  /** The plates the daily pull asks the supplier about. */
  platesToWatch(): Promise<string[]>;
}
/** Telling people (notifications' record: an in-app message and a WeChat subscribe message through its event). */
export interface ViolationNotices {
  record(notices: Array<{ userIds: number[]; family: 'tripStatus'; title: string; body: string; page: string }>): Promise<void>;
}

const PAGE = '/packages/violations/index/index';
/** How far from the violation's time a trip of the car is offered for a manual assignment. */
const CANDIDATE_WINDOW_MS = 12 * 3600_000;

/**
 * 违章 (#21 item 3): violations imported from the supplier or an Excel sheet are matched by plate,
 * time and place to the trip or rental that had the car (violations.rules), then sent to that driver
 * or user and their unit's fleet admin; unmatched ones to the fleet admin of the vehicle's unit, who
 * assigns them. Each violation is written with its notices in one transaction; importing twice
 * writes nothing twice (the decision number).
 */
export class ViolationsService {
  constructor(
    private readonly db: Database, private readonly repo: ViolationsRepository, private readonly clock: Clock,
    private readonly ports: ViolationPorts, private readonly notices: ViolationNotices, private readonly supplier: ViolationSupplier, private readonly logger: Logger,
  ) {}

  /** Pulls the supplier's violations of the watched plates over a period (the daily job, or the platform admin). */
  async pull(since: Date, until: Date): Promise<ViolationImportResult> {
    const plates = await this.ports.platesToWatch();
    if (!plates.length) return { written: 0, duplicates: 0, matched: 0, unmatched: 0, errors: [] };
    let records: ImportedViolation[];
    try {
      records = await this.supplier.query(plates, since, until);
    } catch (e) {
      if (e instanceof SupplierError) throw new ConflictError(ViolationErrorCode.VIOLATION_SUPPLIER_FAILED, e.message);
      throw e;
    }
    return this.importAll(records.map((v, i) => ({ row: i + 1, v })), 'supplier');
  }

  /** An Excel sheet of violations (the platform admin, or a fleet admin for their unit's cars). */
  async importSheet(actor: RequestActor, fileBase64: string): Promise<ViolationImportResult> {
    const rows = await parseViolationSheet(Buffer.from(fileBase64, 'base64'));
    const admin = actor.roles.includes('platform_admin');
    const vehicles = new Map((await this.ports.vehiclesByPlates(rows.flatMap((r) => ('v' in r ? [r.v.plate] : [])))).map((v) => [v.plate, v]));
    const checked = rows.map((r) => {
      if (!('v' in r) || admin) return r;
      const v = vehicles.get(r.v.plate);
      return v && v.ownerUnitId === actor.unitId ? r : { row: r.row, error: `${formatPlate(r.v.plate)} 不是本单位的车辆` };
    });
    return this.importAll(checked, 'excel');
  }

  private async importAll(rows: Array<{ row: number; v: ImportedViolation } | { row: number; error: string }>, source: ViolationSource): Promise<ViolationImportResult> {
    const result: ViolationImportResult = { written: 0, duplicates: 0, matched: 0, unmatched: 0, errors: [] };
    const good = rows.flatMap((r) => ('v' in r ? [r] : (result.errors.push({ row: r.row, message: r.error }), [])));
    const vehicles = new Map((await this.ports.vehiclesByPlates(good.map((r) => r.v.plate))).map((v) => [v.plate, v]));
    for (const { row, v } of good) {
      const car = vehicles.get(v.plate);
      if (!car) { result.errors.push({ row, message: `${formatPlate(v.plate)} 不是平台登记的车辆` }); continue; }
      const written = await this.importOne(v, car, source);
      if (!written) result.duplicates++;
      else {
        result.written++;
        result[written.status === 'matched' ? 'matched' : 'unmatched']++;
      }
    }
    if (result.written) this.logger.info({ source, ...result, errors: result.errors.length }, 'violations imported');
    return result;
  }

  /** One violation: matched, written and told, in one transaction; null when its decision number is known already. */
  private async importOne(v: ImportedViolation, car: { id: number; plate: string; ownerUnitId: number; regionCode: string }, source: ViolationSource): Promise<ViolationRow | null> {
    const holders = await this.ports.holders(car.id, new Date(v.occurredAt.getTime() - 1), new Date(v.occurredAt.getTime() + 1));
    const place = v.lat != null && v.lng != null ? { lat: v.lat, lng: v.lng } : null;
    const m = matchViolation(v.occurredAt.getTime(), holders, place, place ? await this.ports.trackNear(car.id, v.occurredAt) : null);
    const [owner] = await this.ports.unitsByIds([car.ownerUnitId]);
    const now = this.clock.now();
    const h = m.holder;
    return this.db.transaction(async () => {
      if ((await this.repo.findByArchiveNos([v.archiveNo])).length) return null;
      const row = await this.repo.insert({
        ...v, vehicleId: car.id, ownerUnitId: car.ownerUnitId, source, status: h ? 'matched' : 'unmatched', matchKind: h?.kind ?? null,
        tripId: h?.tripId ?? null, assignmentId: h?.assignmentId ?? null, rentalId: h?.rentalId ?? null, userId: h?.userId ?? null, userName: h?.userName ?? null,
        unitId: h?.unitId ?? car.ownerUnitId, regionCode: h?.regionCode ?? owner?.regionCode ?? car.regionCode, reason: m.reason.slice(0, 300), importedAt: now, updatedAt: now,
      });
      const what = `${formatPlate(v.plate)} ${formatShanghai(v.occurredAt)} ${v.place} ${v.act}（罚款 ${(v.fineFen / 100).toFixed(0)} 元，记 ${v.points} 分）`;
      const admins = await this.ports.usersWithRole(row.unitId, 'fleet_admin');
      if (h) {
        await this.notices.record([
          ...(h.userId != null ? [{ userIds: [h.userId], family: 'tripStatus' as const, title: '您有一条交通违法记录', body: `${what}；${m.reason}`, page: PAGE }] : []),
          { userIds: admins, family: 'tripStatus', title: '本单位用车有交通违法', body: `${what}；驾驶人 ${h.userName ?? '未登记账号的驾驶员'}；${m.reason}`, page: PAGE },
        ]);
      } else {
        await this.notices.record([{ userIds: admins, family: 'tripStatus', title: '有一条违章待指派驾驶人', body: `${what}；${m.reason}`, page: PAGE }]);
      }
      return row;
    });
  }

  async list(actor: RequestActor, q: ViolationListQuery): Promise<Page<Violation>> {
    const [rows, total] = await this.repo.list(violationScope(actor), actor.userId, q);
    return { items: await this.present(rows), total, page: q.page, pageSize: q.pageSize };
  }

  async get(actor: RequestActor, id: number): Promise<Violation> {
    const v = await this.repo.find(id);
    if (!v || !canReadViolation(actor, v)) throw notFound(id);
    return (await this.present([v]))[0]!;
  }

  /** The fleet admin assigns an unmatched violation to whoever drove; that person (and the admins of their unit) are told. */
  async assign(actor: RequestActor, id: number, input: AssignViolationInput): Promise<Violation> {
    const [user] = await this.ports.usersByIds([input.userId]);
    if (!user || user.status !== 'active') throw new ValidationError(ViolationErrorCode.VIOLATION_ASSIGNEE_INVALID, `用户 ${input.userId} 不存在或已停用`);
    await this.db.transaction(async () => {
      const v = await this.lockUnmatched(actor, id);
      const now = this.clock.now();
      const reason = `${actor.name} 指派：${input.note}`;
      await this.repo.update(id, { status: 'assigned', matchKind: 'manual', userId: user.id, userName: user.name, unitId: user.unitId, regionCode: user.regionCode, reason: reason.slice(0, 300), updatedAt: now });
      const what = `${formatPlate(v.plate)} ${formatShanghai(v.occurredAt)} ${v.place} ${v.act}（罚款 ${(v.fineFen / 100).toFixed(0)} 元，记 ${v.points} 分）`;
      await this.notices.record([{ userIds: [user.id], family: 'tripStatus', title: '您有一条交通违法记录', body: `${what}；${reason}`, page: PAGE }]);
    });
    return this.get(actor, id);
  }

  /** The trips of the violation's car within CANDIDATE_WINDOW_MS either side, for its fleet admin to assign an unmatched one to. */
  async candidates(actor: RequestActor, id: number): Promise<ViolationCandidate[]> {
    const v = await this.repo.find(id);
    if (!v || !canReadViolation(actor, v)) throw notFound(id);
    if (!mayAssignViolation(actor, v)) throw new ForbiddenError(ViolationErrorCode.VIOLATION_ASSIGN_FORBIDDEN, `违章 ${id} 由车辆所属单位的车管员指派`);
    return (await this.tripsAround(v)).map((h) => ({
      tripId: h.tripId!, assignmentId: h.assignmentId!, driverName: h.userName, userId: h.userId,
      departedAt: new Date(h.fromMs).toISOString(), returnedAt: h.toMs != null ? new Date(h.toMs).toISOString() : null,
    }));
  }

  /**
   * The fleet admin assigns an unmatched violation to a trip of that car (one the time did not match,
   * e.g. a return recorded before the car was really back): the trip's driver and the admins of the
   * trip's unit are told. Already matched or assigned: 409.
   */
  async assignToTrip(actor: RequestActor, id: number, input: AssignViolationToTripInput): Promise<Violation> {
    await this.db.transaction(async () => {
      const v = await this.lockUnmatched(actor, id);
      const h = (await this.tripsAround(v)).find((x) => x.assignmentId === input.assignmentId);
      if (!h || !mayAssignViolationToTrip(actor, v, { vehicleId: v.vehicleId! })) {
        throw new ValidationError(ViolationErrorCode.VIOLATION_TRIP_INVALID, `派车任务 ${input.assignmentId} 不是 ${formatPlate(v.plate)} 在违法时间前后 12 小时内的行程`, [{ field: 'body.assignmentId', message: '请选择该车当天的行程' }]);
      }
      const now = this.clock.now();
      const reason = `${actor.name} 指派到行程 ${h.tripId}（派车任务 ${h.assignmentId}）：${input.note}`;
      await this.repo.update(id, {
        status: 'assigned', matchKind: 'manual', tripId: h.tripId, assignmentId: h.assignmentId, userId: h.userId, userName: h.userName,
        unitId: h.unitId, regionCode: h.regionCode, reason: reason.slice(0, 300), updatedAt: now,
      });
      const what = `${formatPlate(v.plate)} ${formatShanghai(v.occurredAt)} ${v.place} ${v.act}（罚款 ${(v.fineFen / 100).toFixed(0)} 元，记 ${v.points} 分）`;
      const admins = await this.ports.usersWithRole(h.unitId, 'fleet_admin');
      await this.notices.record([
        ...(h.userId != null ? [{ userIds: [h.userId], family: 'tripStatus' as const, title: '您有一条交通违法记录', body: `${what}；${reason}`, page: PAGE }] : []),
        { userIds: admins, family: 'tripStatus', title: '本单位用车有交通违法', body: `${what}；驾驶人 ${h.userName ?? '未登记账号的驾驶员'}；${reason}`, page: PAGE },
      ]);
    });
    return this.get(actor, id);
  }

  /** The violation, locked, when the actor may assign it and it is still unmatched (404, 403, 409 otherwise). */
  private async lockUnmatched(actor: RequestActor, id: number): Promise<ViolationRow> {
    const v = await this.repo.find(id, true);
    if (!v || !canReadViolation(actor, v)) throw notFound(id);
    if (!mayAssignViolation(actor, v)) throw new ForbiddenError(ViolationErrorCode.VIOLATION_ASSIGN_FORBIDDEN, `违章 ${id} 由车辆所属单位的车管员指派`);
    if (v.status !== 'unmatched') {
      throw new ConflictError(ViolationErrorCode.VIOLATION_STATE_CONFLICT, `违章 ${id} 已${violationStatusLabel[v.status].replace('已', '')}给 ${v.userName ?? '驾驶人'}，不能再指派`);
    }
    return v;
  }

  private async tripsAround(v: ViolationRow): Promise<Holder[]> {
    if (v.vehicleId == null) return [];
    const at = new Date(v.occurredAt).getTime();
    const holders = await this.ports.holders(v.vehicleId, new Date(at - CANDIDATE_WINDOW_MS), new Date(at + CANDIDATE_WINDOW_MS));
    return holders.filter((h) => h.kind === 'trip' && h.assignmentId != null && h.tripId != null).sort((a, b) => a.fromMs - b.fromMs);
  }

  private async present(rows: ViolationRow[]): Promise<Violation[]> {
    const names = new Map((await this.ports.unitsByIds([...new Set(rows.map((v) => v.unitId))])).map((u) => [u.id, u.name]));
    return rows.map((v) => ({
      id: v.id, archiveNo: v.archiveNo, plate: formatPlate(v.plate), vehicleId: v.vehicleId, occurredAt: new Date(v.occurredAt).toISOString(), place: v.place,
      act: v.act, code: v.code, fineFen: v.fineFen, points: v.points, source: v.source, sourceLabel: violationSourceLabel[v.source], status: v.status,
      statusLabel: violationStatusLabel[v.status], matchKind: v.matchKind, tripId: v.tripId, rentalId: v.rentalId, userId: v.userId, userName: v.userName,
      unitId: v.unitId, unitName: names.get(v.unitId) ?? `单位 ${v.unitId}`, reason: v.reason, importedAt: new Date(v.importedAt).toISOString(),
    }));
  }
}

const notFound = (id: number) => new NotFoundError(ViolationErrorCode.VIOLATION_NOT_FOUND, `违章 ${id} 不存在`);
