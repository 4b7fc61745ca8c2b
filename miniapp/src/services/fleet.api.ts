import { pageOf } from '@shared/common/pagination';
import { vehicleSchema, type Vehicle, type VehicleStatus } from '@shared/fleet/fleet.schemas';
import type { PageResult } from '../components/use-paged-list';
import { http } from './http';

/** 车辆档案 (server/src/modules/fleet/fleet.routes.ts): the vehicles in my data scope. */
export function listVehicles(page: number, status?: VehicleStatus): Promise<PageResult<Vehicle>> {
  return http.get('/api/vehicles', pageOf(vehicleSchema), { silent: true, query: { page, pageSize: 20, status } });
}

export function getVehicle(id: number): Promise<Vehicle> {
  return http.get(`/api/vehicles/${id}`, vehicleSchema, { silent: true });
}
