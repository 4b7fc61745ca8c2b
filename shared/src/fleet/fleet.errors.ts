/** Error codes of fleet (vehicles, drivers, quotas), answered in the error envelope. */
export const FleetErrorCode = {
  VEHICLE_NOT_FOUND: 'VEHICLE_NOT_FOUND',
  VEHICLE_DUPLICATE: 'VEHICLE_DUPLICATE',
  VEHICLE_OVER_QUOTA: 'VEHICLE_OVER_QUOTA',
  UNIT_CANNOT_OWN_VEHICLES: 'UNIT_CANNOT_OWN_VEHICLES',
  DRIVER_NOT_FOUND: 'DRIVER_NOT_FOUND',
} as const;
export type FleetErrorCode = (typeof FleetErrorCode)[keyof typeof FleetErrorCode];
