import { EntitySchema } from 'typeorm';

/** Persistence shape of a history row (table telematics_position). */
export interface PositionRow {
  id: number;
  vehicleId: number;
  terminalPhone: string;
  gpsTime: Date;
  receivedAt: Date;
  latE6: number;
  lonE6: number;
  altitude: number;
  speed: number;
  direction: number;
  alarm: number;
  status: number;
  odometer: number | null;
  source: string;
}

export const PositionEntity = new EntitySchema<PositionRow>({
  name: 'TelematicsPosition',
  tableName: 'telematics_position',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    vehicleId: { name: 'vehicle_id', type: 'integer' },
    terminalPhone: { name: 'terminal_phone', type: 'varchar', length: 20 },
    gpsTime: { name: 'gps_time', type: 'datetime' },
    receivedAt: { name: 'received_at', type: 'datetime', precision: 3 },
    latE6: { name: 'lat_e6', type: 'integer' },
    lonE6: { name: 'lon_e6', type: 'integer' },
    altitude: { type: 'integer' },
    speed: { type: 'integer' },
    direction: { type: 'integer' },
    alarm: { type: 'bigint' },
    status: { type: 'bigint' },
    odometer: { type: 'bigint', nullable: true },
    source: { type: 'varchar', length: 8 },
  },
});
