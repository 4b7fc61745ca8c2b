import { CommonErrorCode } from '@shared/common/errors';
import { formatPlate } from '@shared/common/format';
import { FleetErrorCode as E } from '@shared/fleet/fleet.errors';
import { unitKindLabel } from '@shared/identity/identity.schemas';
import {
  RecordServiceInput, ServiceRecord, ServiceRecordListQuery, serviceKindLabel, VehicleCosts,
} from '@shared/fleet/service-records.schemas';
import type { Page } from '@shared/common/pagination';
import { ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors';
import type { Database } from '../../platform/db/database';
import type { Clock } from '../../platform/clock';
import type { EventBus } from '../../platform/events';
import { serviceKindOfUnit, serviceRecordScope, type RequestActor } from '../../platform/access';
import type { IdentityService } from '../identity';
import type { ServiceRecordRow } from './service-record.entity';
import type { ServiceRecordsRepository } from './service-records.repository';

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
    const enterprise = await this.identity.unitById(actor.unitId);
    const kind = enterprise ? serviceKindOfUnit(enterprise.kind) : null;
    if (!enterprise || !actor.roles.includes('supplier_operator') || !kind) {
      throw new ForbiddenError(CommonErrorCode.FORBIDDEN, '只有定点维修、定点加油、定点保险企业的操作员可以登记三定记录');
    }
    if (kind !== input.kind) {
      throw new ForbiddenError(E.SERVICE_KIND_MISMATCH, `${unitKindLabel[enterprise.kind]}企业「${enterprise.name}」只能登记${serviceKindLabel[kind]}记录，不能登记${serviceKindLabel[input.kind]}记录`);
    }
    const v = await this.repo.vehicleByPlate(input.plate);
    if (!v) throw new NotFoundError(E.VEHICLE_NOT_FOUND, `车牌 ${formatPlate(input.plate)} 未在平台登记`);
    if (v.status === 'disposed') throw new ConflictError(E.VEHICLE_STATE_CONFLICT, `车辆 ${formatPlate(v.plate)} 已处置，不能再登记${serviceKindLabel[kind]}记录`);
    const { plate: _plate, kind: _kind, occurredOn, amountFen, billing, ...details } = input;
    return this.db.transaction(async () => {
      const now = this.clock.now();
      const row = await this.repo.insert({
        kind, enterpriseId: enterprise.id, vehicleId: v.id, unitId: v.ownerUnitId, regionCode: v.regionCode, occurredOn, amountFen, billing,
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
          recordId: row.id, kind, enterpriseId: enterprise.id, unitId: v.ownerUnitId, vehicleId: v.id, amountFen,
          description: `${formatPlate(v.plate)} ${serviceKindLabel[kind]} ${occurredOn}${describe(input)}`.slice(0, 120), at: now.toISOString(),
        });
      }
      if (input.kind === 'repair' && input.work === 'inspection') {
        await this.events.record('vehicle.inspected', v.id, {
          recordId: row.id, vehicleId: v.id, plate: v.plate, unitId: v.ownerUnitId, regionCode: v.regionCode, enterpriseId: enterprise.id,
          workOrderNo: input.workOrderNo, inspectedOn: occurredOn, nextInspectionDue: input.nextInspectionDue, amountFen, at: now.toISOString(),
        });
      }
      return (await this.present([row]))[0]!;
    });
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

function describe(input: RecordServiceInput): string {
  if (input.kind === 'repair') return ` 工单 ${input.workOrderNo}`;
  if (input.kind === 'fuel') return ` ${input.quantity}${input.energy === 'electricity' ? 'kWh' : 'L'}`;
  return ` 保单 ${input.policyNo}`;
}
