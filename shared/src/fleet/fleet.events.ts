import { z } from 'zod';
import { energyTypes, vehicleCategories, vehicleSources, vehicleStatuses } from './fleet.schemas';

/**
 * A vehicle left the active fleet (报废处置 approved): its terminal, if it had one, is unbound with it.
 * The supervision feed reports disposals; telematics drops the terminal.
 */
export const vehicleDisposedSchema = z.object({
  vehicleId: z.number().int(),
  plate: z.string(),
  unitId: z.number().int(),
  method: z.enum(['auction', 'buy_back', 'scrap', 'transfer']),
  applicationId: z.number().int(),
  at: z.string(),
});

/** A terminal was taken off a vehicle (by the fleet admin, or with a disposal): telematics ends its session. */
export const terminalUnboundSchema = z.object({
  vehicleId: z.number().int(),
  terminalPhone: z.string(),
  reason: z.string(),
  at: z.string(),
});

/**
 * A 三定 enterprise's record (repair work order, fill-up or charge, insurance policy) that the unit pays
 * monthly: settlement bills it to that enterprise's statement.
 */
export const serviceRecordBillableSchema = z.object({
  recordId: z.number().int(),
  kind: z.enum(['repair', 'fuel', 'insurance']),
  enterpriseId: z.number().int(),
  unitId: z.number().int(),
  vehicleId: z.number().int(),
  amountFen: z.number().int().min(0),
  description: z.string(),
  at: z.string(),
});
export type ServiceRecordBillable = z.infer<typeof serviceRecordBillableSchema>;

/**
 * What the registry holds of a vehicle after a change (the upward feed's 车辆信息 carries it whole, so the
 * upstream's copy is the latest one it received). Due dates are not in it: 年检 and policies are their own records.
 */
export const vehicleFactsSchema = z.object({
  vehicleId: z.number().int(),
  plate: z.string(),
  vin: z.string(),
  brandModel: z.string(),
  energyType: z.enum(energyTypes),
  displacementMl: z.number().int().nullable(),
  priceFen: z.number().int(),
  seats: z.number().int(),
  category: z.enum(vehicleCategories),
  source: z.enum(vehicleSources),
  unitId: z.number().int(),
  regionCode: z.string(),
  registeredOn: z.string(),
  status: z.enum(vehicleStatuses),
  terminalPhone: z.string().nullable(),
  exemptedOn: z.string().nullable(),
});
export type VehicleFacts = z.infer<typeof vehicleFactsSchema>;

/** A vehicle entered the registry (the form, an Excel import, a renewal's new car). */
export const vehicleRegisteredSchema = vehicleFactsSchema.extend({ at: z.string() });
/** A registered vehicle changed (terminal bound or taken off, status, exemption): its facts after the change and what changed. */
export const vehicleChangedSchema = vehicleFactsSchema.extend({ change: z.string(), at: z.string() });

/** A 年检 (annual inspection) done by a designated repair shop was recorded against the vehicle. */
export const vehicleInspectedSchema = z.object({
  recordId: z.number().int(),
  vehicleId: z.number().int(),
  plate: z.string(),
  unitId: z.number().int(),
  regionCode: z.string(),
  enterpriseId: z.number().int(),
  workOrderNo: z.string(),
  inspectedOn: z.string(),
  nextInspectionDue: z.string().nullable(),
  amountFen: z.number().int().min(0),
  at: z.string(),
});

/** A driver of a unit: what the registry holds after the change (the licence class and expiry; phone not sent). */
export const driverFactsSchema = z.object({
  driverId: z.number().int(),
  name: z.string(),
  unitId: z.number().int(),
  regionCode: z.string(),
  licenceClass: z.string(),
  licenceExpires: z.string(),
  status: z.enum(['active', 'suspended']),
  at: z.string(),
});

export const fleetEvents = {
  'vehicle.registered': vehicleRegisteredSchema,
  'vehicle.changed': vehicleChangedSchema,
  'vehicle.inspected': vehicleInspectedSchema,
  'driver.created': driverFactsSchema,
  'driver.changed': driverFactsSchema.extend({ change: z.string() }),
  'vehicle.disposed': vehicleDisposedSchema,
  'vehicle.terminal_unbound': terminalUnboundSchema,
  'service_record.billable': serviceRecordBillableSchema,
} as const;
