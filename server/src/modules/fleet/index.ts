export { FleetService } from './fleet.service';
export { createFleetModule } from './fleet.module';
export type { FleetModule } from './fleet.module';
export type { VehicleRow, DriverRow } from './fleet.entity';
