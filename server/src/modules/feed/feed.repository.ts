import type { Database } from '../../platform/db/database';
import { FeedBatchEntity, FeedBatchRow, FeedResendEntity, FeedResendRow } from './feed.entity';

/** The only ORM code of the feed: its POST log and its resends. */
export class FeedRepository {
  constructor(private readonly db: Database) {}

  async logBatch(row: Omit<FeedBatchRow, 'id'>): Promise<void> {
    await this.db.manager.insert(FeedBatchEntity, { ...row, error: row.error?.slice(0, 500) ?? null });
  }

  recentBatches(limit: number): Promise<FeedBatchRow[]> {
    return this.db.manager.find(FeedBatchEntity, { order: { id: 'DESC' }, take: limit });
  }

  async batchesSince(since: Date): Promise<{ batches: number; failed: number; records: number }> {
    const rows = await this.db.manager.createQueryBuilder(FeedBatchEntity, 'b')
      .select('b.outcome', 'outcome').addSelect('COUNT(*)', 'n').addSelect('SUM(b.records)', 'records')
      .where('b.sentAt >= :since', { since }).groupBy('b.outcome').getRawMany<{ outcome: string; n: number | string; records: number | string | null }>();
    const ok = rows.find((r) => r.outcome === 'ok');
    const failed = rows.find((r) => r.outcome === 'failed');
    return { batches: Number(ok?.n ?? 0) + Number(failed?.n ?? 0), failed: Number(failed?.n ?? 0), records: Number(ok?.records ?? 0) };
  }

  async addResend(row: Omit<FeedResendRow, 'id'>): Promise<FeedResendRow> {
    return this.db.manager.save(FeedResendEntity, this.db.manager.create(FeedResendEntity, row));
  }

  /** The oldest resend still running (resends go one after another). */
  runningResend(): Promise<FeedResendRow | null> {
    return this.db.manager.findOne(FeedResendEntity, { where: { status: 'running' }, order: { id: 'ASC' } });
  }

  async advanceResend(id: number, afterEventId: number, sentEvents: number, done: boolean, now: Date): Promise<void> {
    await this.db.manager.createQueryBuilder().update(FeedResendEntity)
      .set({ afterEventId, sent: () => `sent + ${Math.trunc(sentEvents)}`, ...(done ? { status: 'done' as const, doneAt: now } : {}) })
      .where('id = :id AND status = :running', { id, running: 'running' }).execute();
  }

  resends(limit: number): Promise<FeedResendRow[]> {
    return this.db.manager.find(FeedResendEntity, { order: { id: 'DESC' }, take: limit });
  }

  findResend(id: number): Promise<FeedResendRow | null> {
    return this.db.manager.findOne(FeedResendEntity, { where: { id } });
  }
}
