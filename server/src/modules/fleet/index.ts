export { FleetService } from './fleet.service';
export { createFleetModule, createLifecycleModule } from './fleet.module';
export type { FleetModule, LifecycleModule } from './fleet.module';
export { LifecycleService } from './lifecycle.service';
export type { VehicleRow, DriverRow } from './fleet.entity';
export type { VehicleActivity } from './vehicle-activity';
