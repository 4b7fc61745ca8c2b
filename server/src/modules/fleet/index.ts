export { FleetEntities, VehicleEntity, DriverEntity, VehicleQuotaEntity } from './fleet.entity';
export type { VehicleRow, DriverRow } from './fleet.entity';
export { FleetRepository } from './fleet.repository';
export { FleetService, toVehicle } from './fleet.service';
export { fleetRoutes } from './fleet.routes';
