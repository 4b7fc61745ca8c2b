/** Error codes of fleet (vehicles, drivers, quotas, the vehicle's life), answered in the error envelope. */
export const FleetErrorCode = {
  VEHICLE_NOT_FOUND: 'VEHICLE_NOT_FOUND',
  VEHICLE_DUPLICATE: 'VEHICLE_DUPLICATE',
  VEHICLE_OVER_QUOTA: 'VEHICLE_OVER_QUOTA',
  UNIT_CANNOT_OWN_VEHICLES: 'UNIT_CANNOT_OWN_VEHICLES',
  DRIVER_NOT_FOUND: 'DRIVER_NOT_FOUND',
  /** A category the unit's kind does not hold (执法执勤用车 for a 事业单位, 业务用车 for an organ), or no 编制 for it (业务用车). */
  CATEGORY_NOT_FOR_UNIT_KIND: 'CATEGORY_NOT_FOR_UNIT_KIND',
  /** A renewal or procurement application breaks a rule of the standards table (the message names it and its source). */
  VEHICLE_STANDARD_BREACHED: 'VEHICLE_STANDARD_BREACHED',
  /** The vehicle's state forbids the application (already disposed, an application pending…). */
  VEHICLE_STATE_CONFLICT: 'VEHICLE_STATE_CONFLICT',
  APPLICATION_NOT_FOUND: 'APPLICATION_NOT_FOUND',
  APPLICATION_STATE_CONFLICT: 'APPLICATION_STATE_CONFLICT',
  /** An Excel file that cannot be read as a workbook with the expected sheet. */
  IMPORT_UNREADABLE: 'IMPORT_UNREADABLE',
  /** A 编制 import with bad rows: nothing is written, each bad row is listed in the details. */
  QUOTA_IMPORT_REJECTED: 'QUOTA_IMPORT_REJECTED',
  TERMINAL_STATE_CONFLICT: 'TERMINAL_STATE_CONFLICT',
  /** A 三定 record by an enterprise that is not of that service (a fuel station recording a repair). */
  SERVICE_KIND_MISMATCH: 'SERVICE_KIND_MISMATCH',
  /** A 三定 record whose key (工单号, 交易流水号, 保单号) the enterprise already recorded with other facts. */
  SERVICE_RECORD_DUPLICATE: 'SERVICE_RECORD_DUPLICATE',
  /** A 三定 statement with bad rows: nothing is written, each bad cell is listed in the details (row, column). */
  SERVICE_IMPORT_REJECTED: 'SERVICE_IMPORT_REJECTED',
} as const;
export type FleetErrorCode = (typeof FleetErrorCode)[keyof typeof FleetErrorCode];
