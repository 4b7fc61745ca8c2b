import { CommonErrorCode } from '@shared/common/errors';
import type { AuditEntry, AuditProblem, AuditSearch, AuditVerifyResult } from '@shared/audit/audit.schemas';
import type { Page } from '@shared/common/pagination';
import { auditRegionPrefix, mayReadAudit, mayVerifyAudit, type RequestActor } from '../../platform/access';
import type { AuditEntryInput, AuditSink } from '../../platform/audit';
import type { Database } from '../../platform/db/database';
import { ForbiddenError } from '../../platform/errors';
import { AuditHeadEntity, AuditLogEntity, type AuditLogRow } from './audit.entity';
import { entryHash, GENESIS_HASH } from './audit.chain';

/**
 * The audit trail: appends chained entries (in batches, one at a time per process; the head row is locked FOR
 * UPDATE on MariaDB so processes take turns), searches them within the auditor's scope and verifies
 * the chain. Entries are never updated or deleted by the platform (kept at least 6 months: there is no purge).
 */
export class AuditService implements AuditSink {
  /** Entries waiting for the next append, in the order they were recorded. */
  private queue: Array<{ entry: AuditEntryInput; done: (err?: unknown) => void }> = [];
  private draining = false;

  constructor(private readonly db: Database) {}

  /**
   * Appends the entry; resolves once it is committed. Entries recorded while an append runs wait and go
   * in the next one together (one transaction, one lock of the head row per batch rather than per entry),
   * so a busy minute of writes does not queue a transaction per write behind the chain's head.
   */
  record(entry: AuditEntryInput): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entry, done: (err) => (err ? reject(err) : resolve()) });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, AuditService.BATCH);
        try {
          await this.appendAll(batch.map((b) => b.entry));
          for (const b of batch) b.done();
        } catch (err) {
          for (const b of batch) b.done(err);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private static readonly BATCH = 200;

  private appendAll(entries: AuditEntryInput[]): Promise<void> {
    return this.db.transaction(async (em) => {
      const head = await em.getRepository(AuditHeadEntity).findOne({ where: { id: 1 }, ...(this.db.kind === 'mysql' ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
      if (!head) throw new Error('audit_head 缺失：审计链未初始化');
      let seq = head.lastSeq;
      let prevHash = head.lastHash;
      const rows: AuditLogRow[] = [];
      for (const e of entries) {
        seq += 1;
        const base: Omit<AuditLogRow, 'hash'> = {
          seq, at: e.at.toISOString(), actorUserId: e.actorUserId, actorName: e.actorName?.slice(0, 64) ?? null,
          actorRoles: e.actorRoles.join(',').slice(0, 200), unitId: e.unitId, regionCode: e.regionCode, action: e.action.slice(0, 160),
          label: e.label.slice(0, 128), objectType: e.objectType?.slice(0, 48) ?? null, objectId: e.objectId?.slice(0, 64) ?? null,
          ip: e.ip.slice(0, 64), outcome: e.outcome, status: e.status, requestId: e.requestId.slice(0, 64),
          errorCode: e.errorCode?.slice(0, 64) ?? null, prevHash,
        };
        const row: AuditLogRow = { ...base, hash: entryHash(base) };
        rows.push(row);
        prevHash = row.hash;
      }
      await em.getRepository(AuditLogEntity).insert(rows);
      await em.getRepository(AuditHeadEntity).update({ id: 1 }, { lastSeq: seq, lastHash: prevHash });
    });
  }

  async search(actor: RequestActor, q: AuditSearch): Promise<Page<AuditEntry>> {
    if (!mayReadAudit(actor)) throw new ForbiddenError(CommonErrorCode.FORBIDDEN, '审计日志仅供平台管理员与监管人员查阅');
    const qb = this.db.manager.getRepository(AuditLogEntity).createQueryBuilder('a');
    const prefix = auditRegionPrefix(actor);
    if (prefix !== null) qb.andWhere('a.region_code LIKE :prefix', { prefix: `${prefix}%` });
    if (q.from) qb.andWhere('a.at >= :from', { from: new Date(q.from).toISOString() });
    if (q.to) qb.andWhere('a.at < :to', { to: toExclusive(q.to) });
    if (q.actorUserId) qb.andWhere('a.actor_user_id = :uid', { uid: q.actorUserId });
    if (q.action) qb.andWhere('(a.action LIKE :act OR a.label LIKE :act)', { act: `%${escapeLike(q.action)}%` });
    if (q.outcome) qb.andWhere('a.outcome = :outcome', { outcome: q.outcome });
    if (q.objectType) qb.andWhere('a.object_type = :ot', { ot: q.objectType });
    if (q.objectId) qb.andWhere('a.object_id = :oid', { oid: q.objectId });
    if (q.ip) qb.andWhere('a.ip = :ip', { ip: q.ip });
    const [rows, total] = await qb.orderBy('a.seq', 'DESC').skip((q.page - 1) * q.pageSize).take(q.pageSize).getManyAndCount();
    return { items: rows.map(toEntry), total, page: q.page, pageSize: q.pageSize };
  }

  async verifyAs(actor: RequestActor): Promise<AuditVerifyResult> {
    if (!mayVerifyAudit(actor)) throw new ForbiddenError(CommonErrorCode.FORBIDDEN, '校验审计链仅限平台管理员');
    return this.verify();
  }

  /**
   * Walks the whole chain: an entry whose hash no longer matches its fields was edited; a number missing
   * between two entries (or after the last, against the head) was deleted; an entry whose link does not
   * match the hash before it was re-linked after a deletion or an edit of its neighbour.
   */
  async verify(): Promise<AuditVerifyResult> {
    const repo = this.db.manager.getRepository(AuditLogEntity);
    const head = await this.db.manager.getRepository(AuditHeadEntity).findOneByOrFail({ id: 1 });
    const problems: AuditProblem[] = [];
    let expected = 1;
    let prev = GENESIS_HASH;
    let checked = 0;
    const missing = (from: number, to: number) => {
      for (let s = from; s <= to; s++) problems.push({ seq: s, kind: 'deleted', message: `第 ${s} 条审计记录缺失（被删除）` });
    };
    for (let after = 0; ;) {
      const batch = await repo.createQueryBuilder('a').where('a.seq > :after', { after }).orderBy('a.seq', 'ASC').take(2000).getMany();
      if (batch.length === 0) break;
      for (const row of batch) {
        checked++;
        const gap = row.seq > expected;
        if (gap) missing(expected, row.seq - 1);
        const { hash, ...rest } = row;
        if (entryHash(rest) !== hash) {
          problems.push({ seq: row.seq, kind: 'edited', message: `第 ${row.seq} 条审计记录的内容与其 SM3 摘要不符（被改动）` });
        } else if (row.prevHash !== prev && !gap) {
          problems.push({ seq: row.seq, kind: 'relinked', message: `第 ${row.seq} 条审计记录与前一条的摘要链接不符` });
        }
        prev = row.hash;
        expected = row.seq + 1;
      }
      after = batch[batch.length - 1]!.seq;
    }
    if (head.lastSeq >= expected) missing(expected, head.lastSeq);
    return { ok: problems.length === 0, checked, lastSeq: head.lastSeq, problems };
  }
}

function toExclusive(to: string): string {
  // A bare date means the whole of that day.
  return /^\d{4}-\d{2}-\d{2}$/.test(to) ? new Date(new Date(`${to}T00:00:00Z`).getTime() + 86_400_000).toISOString() : new Date(to).toISOString();
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function toEntry(r: AuditLogRow): AuditEntry {
  return {
    seq: r.seq, at: r.at, actorUserId: r.actorUserId, actorName: r.actorName, actorRoles: r.actorRoles ? r.actorRoles.split(',') : [],
    unitId: r.unitId, regionCode: r.regionCode, action: r.action, label: r.label, objectType: r.objectType, objectId: r.objectId,
    ip: r.ip, outcome: r.outcome as AuditEntry['outcome'], status: r.status, requestId: r.requestId, errorCode: r.errorCode, hash: r.hash,
  };
}
