import { pageOf } from '@shared/common/pagination';
import { vehicleSchema, type Vehicle, type VehicleCategory, type VehicleStatus } from '@shared/fleet/fleet.schemas';
import type { FleetKind } from '@shared/fleet/unit-kind-rules';
import type { PageResult } from '../components/use-paged-list';
import { http } from './http';

/** 车辆档案 (server/src/modules/fleet/fleet.routes.ts): the vehicles in my data scope. */
/** The vehicles in my scope, optionally of one status, category or unit kind (党政机关 / 事业单位 / 国有企业). */
export function listVehicles(page: number, filter: { status?: VehicleStatus; category?: VehicleCategory; fleetKind?: FleetKind } = {}): Promise<PageResult<Vehicle>> {
  return http.get('/api/vehicles', pageOf(vehicleSchema), { silent: true, query: { page, pageSize: 20, ...filter } });
}

export function getVehicle(id: number): Promise<Vehicle> {
  return http.get(`/api/vehicles/${id}`, vehicleSchema, { silent: true });
}
