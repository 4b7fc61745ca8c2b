import { Between, type DataSource } from 'typeorm';
import { CommandEntity, type CommandRow } from './command.entity';
import { PositionEntity, type PositionRow } from './position.entity';
import type { PositionRecord, PositionSink } from './telematics.ports';

/** Rows per INSERT: well under SQLite's 32,766 bound variables (14 columns) and MySQL's packet size. */
const INSERT_CHUNK = 1000;

/** The only ORM code of the telematics module. */
export class TelematicsRepository implements PositionSink {
  constructor(private readonly ds: DataSource) {}

  /** One multi-row INSERT per chunk; no RETURNING/reload, the history is append-only. */
  async writeBatch(rows: PositionRecord[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const values = rows.slice(i, i + INSERT_CHUNK).map(toRow);
      await this.ds.createQueryBuilder().insert().into(PositionEntity).values(values).updateEntity(false).execute();
    }
  }

  findTrack(vehicleId: number, from: Date, to: Date, limit: number): Promise<PositionRow[]> {
    return this.ds.getRepository(PositionEntity).find({
      where: { vehicleId, gpsTime: Between(from, to) },
      order: { gpsTime: 'ASC', id: 'ASC' },
      take: limit,
    });
  }

  countPositions(): Promise<number> {
    return this.ds.getRepository(PositionEntity).count();
  }

  async insertCommand(row: CommandRow): Promise<void> {
    await this.ds.getRepository(CommandEntity).insert(row);
  }

  findCommand(id: string): Promise<CommandRow | null> {
    return this.ds.getRepository(CommandEntity).findOne({ where: { id } });
  }

  findCommandByKey(vehicleId: number, idempotencyKey: string): Promise<CommandRow | null> {
    return this.ds.getRepository(CommandEntity).findOne({ where: { vehicleId, idempotencyKey } });
  }

  async updateCommand(id: string, patch: Partial<CommandRow>): Promise<void> {
    await this.ds.getRepository(CommandEntity).update({ id }, patch);
  }
}

function toRow(r: PositionRecord): Omit<PositionRow, 'id'> {
  return {
    vehicleId: r.vehicleId,
    terminalPhone: r.phone,
    gpsTime: r.gpsTime,
    receivedAt: r.receivedAt,
    latE6: r.latE6,
    lonE6: r.lonE6,
    altitude: r.altitude,
    speed: r.speed,
    direction: r.direction,
    alarm: r.alarm,
    status: r.status,
    odometer: r.odometer,
    backfill: r.backfill,
  };
}
