import type { VehicleFacts } from '@shared/fleet/fleet.events';
import type { VehicleRow } from './fleet.entity';

/** A vehicle's registry facts as vehicle.registered / vehicle.changed carry them (the upward feed's 车辆信息). */
export const vehicleFacts = (v: VehicleRow): VehicleFacts => ({
  vehicleId: v.id, plate: v.plate, vin: v.vin, brandModel: v.brandModel, energyType: v.energyType, displacementMl: v.displacementMl ?? null,
  priceFen: Number(v.priceFen), seats: v.seats, category: v.category, source: v.source, unitId: v.ownerUnitId, regionCode: v.regionCode,
  registeredOn: v.registeredOn, status: v.status, terminalPhone: v.terminalPhone ?? null, exemptedOn: v.exemptedOn ?? null,
});
