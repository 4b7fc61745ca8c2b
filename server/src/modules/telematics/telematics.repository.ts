import { Between, In } from 'typeorm';
import type { Database } from '../../platform/db/database';
import { CommandEntity, type CommandRow } from './command.entity';
import { PositionEntity, type PositionRow } from './position.entity';
import { AlarmCursorEntity } from './alarm-cursor.entity';
import type { PositionRecord, PositionSink, PositionSource } from './telematics.ports';

/** Rows per INSERT: well under SQLite's 32,766 bound variables (14 columns) and MySQL's packet size. */
const INSERT_CHUNK = 1000;
const INSERT_HEAD =
  'INSERT INTO telematics_position (vehicle_id, terminal_phone, gps_time, received_at, lat_e6, lon_e6, altitude, speed, ' +
  'direction, alarm, status, odometer, source) VALUES ';
const SOURCES: ReadonlySet<string> = new Set(['report', 'backfill', 'reply']);

function int(n: number): number {
  if (!Number.isFinite(n)) throw new RangeError(`not a number: ${n}`);
  return Math.trunc(n);
}

function rowSql(r: PositionRecord): string {
  if (!/^\d{1,20}$/.test(r.phone)) throw new RangeError(`bad terminal phone ${r.phone}`);
  if (!SOURCES.has(r.source)) throw new RangeError(`bad source ${r.source}`);
  return `(${int(r.vehicleId)},'${r.phone}','${sqlTime(r.gpsTime)}','${sqlTime(r.receivedAt)}',${int(r.latE6)},${int(r.lonE6)},` +
    `${int(r.altitude)},${int(r.speed)},${int(r.direction)},${int(r.alarm)},${int(r.status)},` +
    `${r.odometer === null ? 'NULL' : int(r.odometer)},'${r.source}')`;
}

/** Reports of one batch share few distinct seconds; formatting each once saves most of the cost. */
const timeText = new Map<number, string>();
/** UTC 'YYYY-MM-DD HH:MM:SS.mmm', the form TypeORM itself writes and reads back on both drivers. */
function sqlTime(d: Date): string {
  const ms = d.getTime();
  let text = timeText.get(ms);
  if (text === undefined) {
    if (!Number.isFinite(ms)) throw new RangeError('invalid time');
    const iso = d.toISOString();
    text = `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
    if (timeText.size >= 4096) timeText.clear();
    timeText.set(ms, text);
  }
  return text;
}

/**
 * The only ORM code of the telematics module. It joins the caller's unit of work (db.manager), and
 * on the embedded SQLite its statements wait their turn on the one connection like every other.
 */
export class TelematicsRepository implements PositionSink {
  constructor(private readonly db: Pick<Database, 'manager'> & Partial<Pick<Database, 'writeLock'>>) {}

  /** The digest of the alarm queue's last recorded batch, row-locked for the caller's transaction on MariaDB (SQLite's queue already serialises). */
  async lockAlarmCursor(): Promise<string> {
    const qb = this.db.manager.createQueryBuilder(AlarmCursorEntity, 'c').where('c.id = 1');
    if (this.db.writeLock) qb.setLock('pessimistic_write');
    return (await qb.getOne())?.lastBatch ?? '';
  }

  /** Ids of positions with a GPS time before `cutoff`, oldest ids first (they lead the primary key, so the scan stops early). */
  async positionIdsBefore(cutoff: Date, limit: number): Promise<number[]> {
    const rows = await this.db.manager.createQueryBuilder(PositionEntity, 'p').select('p.id', 'id')
      .where('p.gpsTime < :cutoff', { cutoff }).orderBy('p.id', 'ASC').limit(limit).getRawMany<{ id: number | string }>();
    return rows.map((r) => Number(r.id));
  }

  async deletePositions(ids: number[]): Promise<number> {
    if (!ids.length) return 0;
    const res = await this.db.manager.createQueryBuilder().delete().from(PositionEntity).where({ id: In(ids) }).execute();
    return res.affected ?? ids.length;
  }

  async moveAlarmCursor(lastBatch: string): Promise<void> {
    await this.db.manager.update(AlarmCursorEntity, { id: 1 }, { lastBatch });
  }

  /**
   * One multi-row INSERT per chunk, its SQL built here with literal values: TypeORM's insert builder
   * spends ~200 µs of CPU per row and placeholder formatting most of the rest, more than the
   * gateway's budget at 10,000 reports/s. Every value is a checked integer, a digit string, a time
   * we format, or an enum member, so nothing from outside reaches the SQL text unchecked.
   */
  async writeBatch(rows: PositionRecord[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = rows.slice(i, i + INSERT_CHUNK);
      await this.db.manager.query(INSERT_HEAD + chunk.map(rowSql).join(','));
    }
  }

  findTrack(vehicleId: number, from: Date, to: Date, limit: number): Promise<PositionRow[]> {
    return this.db.manager.getRepository(PositionEntity).find({
      where: { vehicleId, gpsTime: Between(from, to) },
      order: { gpsTime: 'ASC', id: 'ASC' },
      take: limit,
    });
  }

  countPositions(source?: PositionSource): Promise<number> {
    return this.db.manager.getRepository(PositionEntity).count(source ? { where: { source } } : {});
  }

  async insertCommand(row: CommandRow): Promise<void> {
    await this.db.manager.getRepository(CommandEntity).insert(row);
  }

  findCommand(id: string): Promise<CommandRow | null> {
    return this.db.manager.getRepository(CommandEntity).findOne({ where: { id } });
  }

  findCommandByKey(vehicleId: number, idempotencyKey: string): Promise<CommandRow | null> {
    return this.db.manager.getRepository(CommandEntity).findOne({ where: { vehicleId, idempotencyKey } });
  }

  async updateCommand(id: string, patch: Partial<CommandRow>): Promise<void> {
    await this.db.manager.getRepository(CommandEntity).update({ id }, patch);
  }

  /** One conditional UPDATE (the row lock makes the state check and the write one step). */
  async updateCommandIf(id: string, fromStates: readonly string[], patch: Partial<CommandRow>): Promise<boolean> {
    if (fromStates.length === 0) return false;
    const r = await this.db.manager.getRepository(CommandEntity).update({ id, state: In([...fromStates]) }, patch);
    return (r.affected ?? 0) > 0;
  }
}
