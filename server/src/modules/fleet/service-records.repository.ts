import { In } from 'typeorm';
import type { ServiceKind, ServiceRecordListQuery } from '@shared/fleet/service-records.schemas';
import type { Database } from '../../platform/db/database';
import type { Scope } from '../../platform/data-scope';
import { applyScope } from '../../platform/db/apply-scope';
import { SERVICE_RECORD_SCOPE_COLUMNS } from '../../platform/access';
import { VehicleEntity, type VehicleRow } from './fleet.entity';
import { ServiceRecordEntity, type ServiceRecordRow } from './service-record.entity';

export class ServiceRecordsRepository {
  constructor(private readonly db: Database) {}

  vehicleByPlate(plate: string): Promise<VehicleRow | null> {
    return this.db.manager.findOne(VehicleEntity, { where: { plate } });
  }

  async vehiclePlate(id: number): Promise<string | null> {
    return (await this.db.manager.findOne(VehicleEntity, { where: { id }, select: { id: true, plate: true } }))?.plate ?? null;
  }

  vehiclesByPlates(plates: string[]): Promise<VehicleRow[]> {
    return plates.length ? this.db.manager.find(VehicleEntity, { where: { plate: In(plates) } }) : Promise.resolve([]);
  }

  /** The enterprise's records of a kind already under these keys (工单号, 交易流水号, 保单号). */
  byKeys(enterpriseId: number, kind: ServiceKind, keys: string[]): Promise<ServiceRecordRow[]> {
    return keys.length ? this.db.manager.find(ServiceRecordEntity, { where: { enterpriseId, kind, recordKey: In(keys) } }) : Promise.resolve([]);
  }

  insert(row: Omit<ServiceRecordRow, 'id'>): Promise<ServiceRecordRow> {
    const em = this.db.manager;
    return em.save(ServiceRecordEntity, em.create(ServiceRecordEntity, row));
  }

  /** The due dates a 三定 record sets on the vehicle (insurance, inspection, maintenance), in the record's transaction. */
  async setDueDates(vehicleId: number, patch: Partial<Pick<VehicleRow, 'insuranceDue' | 'inspectionDue' | 'maintenanceDue'>>): Promise<void> {
    if (Object.keys(patch).length) await this.db.manager.update(VehicleEntity, { id: vehicleId }, patch);
  }

  async list(scope: Scope, q: ServiceRecordListQuery): Promise<[ServiceRecordRow[], number]> {
    const qb = this.db.manager.createQueryBuilder(ServiceRecordEntity, 'r');
    applyScope(qb, 'r', scope, SERVICE_RECORD_SCOPE_COLUMNS);
    if (q.kind) qb.andWhere('r.kind = :kind', { kind: q.kind });
    if (q.vehicleId) qb.andWhere('r.vehicleId = :vehicleId', { vehicleId: q.vehicleId });
    return qb.orderBy('r.occurredOn', 'DESC').addOrderBy('r.id', 'DESC').skip((q.page - 1) * q.pageSize).take(q.pageSize).getManyAndCount();
  }

  ofVehicle(vehicleId: number, limit = 200): Promise<ServiceRecordRow[]> {
    return this.db.manager.find(ServiceRecordEntity, { where: { vehicleId }, order: { occurredOn: 'DESC', id: 'DESC' }, take: limit });
  }

  /** Sums of a vehicle's records by kind (fen). */
  async costs(vehicleId: number): Promise<Map<string, number>> {
    const rows = await this.db.manager.createQueryBuilder(ServiceRecordEntity, 'r').select('r.kind', 'kind').addSelect('SUM(r.amountFen)', 'total')
      .where('r.vehicleId = :vehicleId', { vehicleId }).groupBy('r.kind').getRawMany<Record<string, unknown>>();
    return new Map(rows.map((r) => [String(r.kind), Number(r.total)]));
  }
}
