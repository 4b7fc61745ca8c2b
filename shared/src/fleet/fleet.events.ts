import { z } from 'zod';

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

export const fleetEvents = {
  'vehicle.disposed': vehicleDisposedSchema,
  'vehicle.terminal_unbound': terminalUnboundSchema,
  'service_record.billable': serviceRecordBillableSchema,
} as const;
