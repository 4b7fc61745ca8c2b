import { CommonErrorCode } from '@shared/common/errors';
import { formatPlate } from '@shared/common/format';
import { FleetErrorCode as E } from '@shared/fleet/fleet.errors';
import { unitKindLabel } from '@shared/identity/identity.schemas';
import {
  RecordServiceInput, ServiceRecord, ServiceRecordListQuery, serviceKindLabel, serviceRecordKey, VehicleCosts,
  type ServiceImportError, type ServiceImportInput, type ServiceImportResult, type ServiceKind,
} from '@shared/fleet/service-records.schemas';
import { formatYuan } from '@shared/common/money';
import type { Page } from '@shared/common/pagination';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors';
import { isDuplicateKey } from '../../platform/db/db-errors';
import type { Database } from '../../platform/db/database';
import type { Clock } from '../../platform/clock';
import type { EventBus } from '../../platform/events';
import { serviceKindOfUnit, serviceRecordScope, type RequestActor } from '../../platform/access';
import type { IdentityService } from '../identity';
import type { ServiceRecordRow } from './service-record.entity';
import type { ServiceRecordsRepository } from './service-records.repository';
import type { VehicleRow } from './fleet.entity';
import { parseStatementSheet, statementTemplate, type StatementRow } from './service-import';

/**
 * 三定 enterprises (DOMAIN.md §3): their operators record work orders, fill-ups/charges and policies
 * against vehicles. Each record is a cost of the vehicle; one the unit settles monthly is a billable order
 * (service_record.billable, recorded with it: settlement puts it on the enterprise's statement). A policy
 * sets the vehicle's insurance due date, a 年检 its inspection due date, a service its maintenance due
 * date — the dates supervision's expiry warnings read.
 */
export class ServiceRecordsService {
  constructor(
    private readonly db: Database, private readonly repo: ServiceRecordsRepository, private readonly identity: IdentityService,
    private readonly events: Pick<EventBus, 'record'>, private readonly clock: Clock,
  ) {}

  async record(actor: RequestActor, input: RecordServiceInput): Promise<ServiceRecord> {
    const { enterprise, kind } = await this.enterpriseOf(actor);
    if (kind !== input.kind) {
      throw new ForbiddenError(E.SERVICE_KIND_MISMATCH, `${unitKindLabel[enterprise.kind]}企业「${enterprise.name}」只能登记${serviceKindLabel[kind]}记录，不能登记${serviceKindLabel[input.kind]}记录`);
    }
    const v = await this.repo.vehicleByPlate(input.plate);
    if (!v) throw new NotFoundError(E.VEHICLE_NOT_FOUND, `车牌 ${formatPlate(input.plate)} 未在平台登记`);
    if (v.status === 'disposed') throw new ConflictError(E.VEHICLE_STATE_CONFLICT, `车辆 ${formatPlate(v.plate)} 已处置，不能再登记${serviceKindLabel[kind]}记录`);
    const key = serviceRecordKey(input);
    const [taken] = key ? await this.repo.byKeys(enterprise.id, kind, [key]) : [];
    if (taken) throw new ConflictError(E.SERVICE_RECORD_DUPLICATE, `${keyLabel[kind]} ${key} 已于 ${taken.occurredOn} 登记（记录 ${taken.id}），不能重复登记`);
    const row = await this.keyed(() => this.db.transaction(() => this.write(actor, enterprise.id, v, input)), kind);
    return (await this.present([row]))[0]!;
  }

  /**
   * 对账单导入: the enterprise's statement, all rows or none (a money statement half-written would leave the
   * unit's bill and the enterprise's differing). Every row is checked as the form's record would be — the
   * schema, the plate on the platform and not disposed, the key not twice in the file — and then against
   * what the enterprise already recorded: the same key with the same plate, day and amount is skipped and
   * reported (importing the statement again bills nothing twice); the same key with other facts is a bad
   * row. Each row is then written by `write`, the single record's own path (cost, due dates, billable order).
   */
  async importStatement(actor: RequestActor, input: ServiceImportInput): Promise<ServiceImportResult> {
    const { enterprise, kind } = await this.enterpriseOf(actor);
    const rows = await parseStatementSheet(Buffer.from(input.fileBase64, 'base64'), kind);
    const good = rows.filter((r): r is Extract<StatementRow, { input: RecordServiceInput }> => 'input' in r);
    const vehicles = new Map((await this.repo.vehiclesByPlates([...new Set(good.map((r) => r.input.plate))])).map((v) => [v.plate, v]));
    const keys = good.map((r) => serviceRecordKey(r.input)).filter((k): k is string => k != null);
    const existing = new Map((await this.repo.byKeys(enterprise.id, kind, [...new Set(keys)])).map((r) => [r.recordKey!, r]));
    const errors: ServiceImportError[] = rows.flatMap((r) => ('errors' in r ? r.errors : []));
    const skipped: ServiceImportResult['skipped'] = [];
    const toWrite: Array<{ input: RecordServiceInput; vehicle: VehicleRow }> = [];
    const seen = new Map<string, number>();
    const keyColumn = keyLabel[kind];
    for (const r of good) {
      const bad = (column: string, message: string) => errors.push({ row: r.row, column, subject: r.plate, message: `第 ${r.row} 行「${column}」：${message}` });
      const v = vehicles.get(r.input.plate);
      if (!v) { bad('车牌号', `车牌 ${formatPlate(r.input.plate)} 未在平台登记`); continue; }
      if (v.status === 'disposed') { bad('车牌号', `车辆 ${formatPlate(v.plate)} 已处置，不能再登记${serviceKindLabel[kind]}记录`); continue; }
      const key = serviceRecordKey(r.input);
      if (key) {
        const first = seen.get(key);
        if (first) { bad(keyColumn, `${keyLabel[kind]} ${key} 与第 ${first} 行重复`); continue; }
        seen.set(key, r.row);
        const done = existing.get(key);
        if (done) {
          if (done.vehicleId === v.id && done.occurredOn === r.input.occurredOn && Number(done.amountFen) === r.input.amountFen) {
            skipped.push({ row: r.row, key, recordId: done.id });
          } else {
            bad(keyColumn, `${keyLabel[kind]} ${key} 已于 ${done.occurredOn} 登记为另一笔记录（记录 ${done.id}，金额 ${formatYuan(Number(done.amountFen))}），与本行不一致`);
          }
          continue;
        }
      }
      toWrite.push({ input: r.input, vehicle: v });
    }
    if (errors.length) {
      errors.sort((a, b) => a.row - b.row);
      const badRows = new Set(errors.map((e) => e.row)).size;
      throw new ValidationError(E.SERVICE_IMPORT_REJECTED,
        `对账单有 ${badRows} 行错误，未写入任何记录：${errors.slice(0, 3).map((e) => e.message).join('；')}${errors.length > 3 ? '…' : ''}`, errors);
    }
    const written = await this.keyed(() => this.db.transaction(async () => {
      const out: ServiceRecordRow[] = [];
      for (const w of toWrite) out.push(await this.write(actor, enterprise.id, w.vehicle, w.input));
      return out;
    }), kind);
    const sum = (rs: ServiceRecordRow[]) => rs.reduce((a, r) => a + Number(r.amountFen), 0);
    return {
      kind, written: written.length, writtenFen: sum(written), billedFen: sum(written.filter((r) => r.billing === 'monthly')),
      recordIds: written.map((r) => r.id), skipped,
    };
  }

  /** The statement template of the actor's enterprise's kind. */
  async statementTemplate(actor: RequestActor): Promise<{ kind: ServiceKind; file: Buffer }> {
    const { enterprise, kind } = await this.enterpriseOf(actor);
    return { kind, file: await statementTemplate(kind, enterprise.name) };
  }

  private async enterpriseOf(actor: RequestActor) {
    const enterprise = await this.identity.unitById(actor.unitId);
    const kind = enterprise ? serviceKindOfUnit(enterprise.kind) : null;
    if (!enterprise || !actor.roles.includes('supplier_operator') || !kind) {
      throw new ForbiddenError(CommonErrorCode.FORBIDDEN, '只有定点维修、定点加油、定点保险企业的操作员可以登记三定记录');
    }
    return { enterprise, kind };
  }

  /** Two writers of the same key at once (a statement imported twice in parallel): the unique key refuses the later one. */
  private async keyed<T>(work: () => Promise<T>, kind: ServiceKind): Promise<T> {
    try {
      return await work();
    } catch (e) {
      if (isDuplicateKey(e)) throw new ConflictError(E.SERVICE_RECORD_DUPLICATE, `同一${keyLabel[kind]}的记录正在或已经登记，请刷新后查看，不会重复计费`);
      throw e;
    }
  }

  /**
   * One record, inside the caller's transaction: the cost row, the due dates it sets, the billable order's
   * event when the unit settles monthly, the 年检 event — the same for a form entry and a statement row.
   */
  private async write(actor: RequestActor, enterpriseId: number, v: VehicleRow, input: RecordServiceInput): Promise<ServiceRecordRow> {
    const { plate: _plate, kind, occurredOn, amountFen, billing, ...details } = input;
    const now = this.clock.now();
    const row = await this.repo.insert({
      kind, enterpriseId, vehicleId: v.id, unitId: v.ownerUnitId, regionCode: v.regionCode, occurredOn, amountFen, billing, recordKey: serviceRecordKey(input),
      detailsJson: JSON.stringify(details), recordedBy: actor.userId, recordedByName: actor.name, recordedAt: now,
    });
    if (input.kind === 'insurance') await this.repo.setDueDates(v.id, { insuranceDue: input.coverTo });
    if (input.kind === 'repair') {
      await this.repo.setDueDates(v.id, {
        ...(input.nextInspectionDue ? { inspectionDue: input.nextInspectionDue } : {}),
        ...(input.nextMaintenanceDue ? { maintenanceDue: input.nextMaintenanceDue } : {}),
      });
    }
    if (billing === 'monthly') {
      await this.events.record('service_record.billable', row.id, {
        recordId: row.id, kind, enterpriseId, unitId: v.ownerUnitId, vehicleId: v.id, amountFen,
        description: `${formatPlate(v.plate)} ${serviceKindLabel[kind]} ${occurredOn}${describe(input)}`.slice(0, 120), at: now.toISOString(),
      });
    }
    if (input.kind === 'repair' && input.work === 'inspection') {
      await this.events.record('vehicle.inspected', v.id, {
        recordId: row.id, vehicleId: v.id, plate: v.plate, unitId: v.ownerUnitId, regionCode: v.regionCode, enterpriseId,
        workOrderNo: input.workOrderNo, inspectedOn: occurredOn, nextInspectionDue: input.nextInspectionDue, amountFen, at: now.toISOString(),
      });
    }
    return row;
  }

  async list(actor: RequestActor, q: ServiceRecordListQuery): Promise<Page<ServiceRecord>> {
    const [rows, total] = await this.repo.list(serviceRecordScope(actor), q);
    return { items: await this.present(rows), total, page: q.page, pageSize: q.pageSize };
  }

  /** A vehicle's records and costs by kind (its life page), after the caller checked the vehicle is visible. */
  async ofVehicle(vehicleId: number): Promise<{ records: ServiceRecord[]; costs: VehicleCosts }> {
    const [rows, sums] = await Promise.all([this.repo.ofVehicle(vehicleId), this.repo.costs(vehicleId)]);
    const repairFen = sums.get('repair') ?? 0; const fuelFen = sums.get('fuel') ?? 0; const insuranceFen = sums.get('insurance') ?? 0;
    return { records: await this.present(rows), costs: { repairFen, fuelFen, insuranceFen, totalFen: repairFen + fuelFen + insuranceFen } };
  }

  private async present(rows: ServiceRecordRow[]): Promise<ServiceRecord[]> {
    const names = new Map((await this.identity.unitsByIds([...new Set(rows.map((r) => r.enterpriseId))])).map((u) => [u.id, u.name]));
    const plates = new Map<number, string>();
    for (const r of rows) if (!plates.has(r.vehicleId)) plates.set(r.vehicleId, (await this.repo.vehiclePlate(r.vehicleId)) ?? '');
    return rows.map((r) => ({
      id: r.id, kind: r.kind, kindLabel: serviceKindLabel[r.kind], enterpriseId: r.enterpriseId, enterpriseName: names.get(r.enterpriseId) ?? '',
      vehicleId: r.vehicleId, plate: plates.get(r.vehicleId) ?? '', unitId: r.unitId, occurredOn: r.occurredOn, amountFen: Number(r.amountFen), billing: r.billing,
      details: JSON.parse(r.detailsJson) as Record<string, unknown>, recordedByName: r.recordedByName, recordedAt: new Date(r.recordedAt).toISOString(),
    }));
  }
}

const keyLabel: Record<ServiceKind, string> = { repair: '工单号', fuel: '交易流水号', insurance: '保单号' };

function describe(input: RecordServiceInput): string {
  if (input.kind === 'repair') return ` 工单 ${input.workOrderNo}`;
  if (input.kind === 'fuel') return ` ${input.quantity}${input.energy === 'electricity' ? 'kWh' : 'L'}`;
  return ` 保单 ${input.policyNo}`;
}
