import { ApprovalErrorCode } from '@shared/approvals/approvals.errors';
import { IdentityErrorCode } from '@shared/identity/identity.errors';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors';
import { isDuplicateKey, isRetryableLock, retried } from '../../platform/db/db-errors';
import type { Database } from '../../platform/db/database';
import type { Clock } from '../../platform/clock';
import { canReadApproval, canReadChainsOf, canSetChainsOf } from '../../platform/access';
import type { RequestActor } from '../../platform/access';
import type { Page } from '@shared/common/pagination';
import {
  ApprovalDetail, ApprovalHolder, ApprovalInboxQuery, ApprovalItem, ApprovalKind, ApprovalStatus, approvalActionLabel, approvalKindLabel, approvalStatusLabel,
  Chain, DecideInput, SetChainInput,
} from '@shared/approvals/approvals.schemas';
import type { IdentityService } from '../identity';
import type { Notice, NotificationsService } from '../notifications';
import type { ApprovalDecisionRow, ApprovalHolderRow, ApprovalRequestRow } from './approvals.entity';
import type { ApprovalsRepository } from './approvals.repository';
import { afterDecision } from './approvals.rules';
import type { ApprovalHolders } from './approval-holders.service';

/** What a kind of approval does when decided; runs inside the decision's transaction (its repositories join it), returns who to tell. */
export interface ApprovalHandler {
  onApproved(req: ApprovalRequestRow, decider: RequestActor): Promise<Notice[]>;
  onRejected(req: ApprovalRequestRow, decider: RequestActor, comment: string): Promise<Notice[]>;
  onReturned(req: ApprovalRequestRow, decider: RequestActor, comment: string): Promise<Notice[]>;
}

export interface SubmitInput {
  kind: ApprovalKind; variant: string; subjectId: number; unitId: number; regionCode: string;
  applicantId: number; applicantName: string; title: string; summary: string; amountFen: number | null;
}

const HOLDER_BACKFILL_BATCH = 200;
/** Concurrent PUTs of one chain (MariaDB may break their lock cycle): tries in all before answering 409. */
const CHAIN_WRITE_ATTEMPTS = 6;

export class ApprovalsService {
  private readonly handlers = new Map<ApprovalKind, ApprovalHandler>();

  constructor(
    private readonly db: Database, private readonly repo: ApprovalsRepository, private readonly identity: IdentityService,
    private readonly notifications: NotificationsService, private readonly clock: Clock, private readonly holders: ApprovalHolders,
  ) {}

  registerHandler(kind: ApprovalKind, handler: ApprovalHandler): void {
    this.handlers.set(kind, handler);
  }

  /** The kinds a handler is registered for (every kind of the one inbox should have one). */
  handledKinds(): ApprovalKind[] {
    return [...this.handlers.keys()];
  }

  /**
   * Inside the caller's transaction (its repositories join it): a new request, or a new round of a
   * returned one. `newSubject`: the subject was created in this transaction, so it has no request yet (no lookup).
   */
  async submit(input: SubmitInput, submitter: { userId: number; name: string }, opts: { newSubject?: boolean } = {}): Promise<ApprovalRequestRow> {
    return (await this.open(input, submitter, opts)).row;
  }

  /**
   * submit, then who is to decide its first level told — from the holders just found, with no second
   * read of the request or its holders (a booking's transaction stays short). Record them with the change.
   */
  async submitWithNotices(input: SubmitInput, submitter: { userId: number; name: string }, opts: { newSubject?: boolean } = {}): Promise<Notice[]> {
    const { row, holders } = await this.open(input, submitter, opts);
    return approverNotice(row, holders.map((h) => h.userId));
  }

  private async open(input: SubmitInput, submitter: { userId: number; name: string }, opts: { newSubject?: boolean }): Promise<{ row: ApprovalRequestRow; holders: ApprovalHolderRow[] }> {
    const chain = await this.repo.chain(input.unitId, input.kind, input.variant);
    if (!chain.length) throw new ConflictError(ApprovalErrorCode.APPROVAL_CHAIN_MISSING, `单位 ${input.unitId} 未配置「${approvalKindLabel[input.kind]}（${input.variant}）」审批流程`);
    const existing = opts.newSubject ? null : await this.repo.findBySubject(input.kind, input.subjectId);
    const round = existing ? existing.round + 1 : 1;
    const now = this.clock.now();
    // Someone must be able to act before anything is written (a request nobody sees is refused, #14 item 4).
    const found = await this.holders.find(input.unitId, chain[0]!, [input.applicantId]);
    if (!found) throw await this.nobodyError(input.unitId, input.kind, input.variant, 1);
    const row = await this.repo.save({ ...existing, ...input, status: 'pending', round, level: 1, levels: chain.length, submittedAt: now, decidedAt: null });
    await this.repo.insertDecision({ requestId: row.id, round, level: 0, action: 'submit', deciderId: submitter.userId, deciderName: submitter.name, comment: '', at: now });
    const holders = holderRows(row, found);
    await this.repo.replaceHolders(row.id, holders, { fresh: !existing });
    return { row, holders };
  }

  /** Inside the caller's transaction: the subject was cancelled, the request leaves every inbox. */
  async withdraw(kind: ApprovalKind, subjectId: number): Promise<void> {
    const existing = await this.repo.findBySubject(kind, subjectId);
    if (existing?.status !== 'pending') return;
    await this.repo.update(existing.id, { status: 'withdrawn', decidedAt: this.clock.now() });
    await this.repo.replaceHolders(existing.id, []);
  }

  /**
   * Inside the caller's transaction, after it submitted or decided: who may decide the current level
   * is told (none when the request is no longer pending). Record the notices with the change.
   */
  async approverNotices(kind: ApprovalKind, subjectId: number): Promise<Notice[]> {
    const req = await this.repo.findBySubject(kind, subjectId, false);
    if (!req || req.status !== 'pending') return [];
    return approverNotice(req, await this.approversOf(req));
  }

  /** Who holds the request's current level (none once decided). */
  async approversOf(req: ApprovalRequestRow): Promise<number[]> {
    return (await this.currentHolders(req)).map((h) => h.userId);
  }

  /**
   * The holders stored when the request reached its level; a request pending from before holders were
   * stored (no rows) has them resolved now, the same way.
   */
  private async currentHolders(req: ApprovalRequestRow, stored?: ApprovalHolderRow[]): Promise<ApprovalHolderRow[]> {
    if (req.status !== 'pending') return [];
    const rows = (stored ?? await this.repo.holders(req.id)).filter((h) => h.round === req.round && h.level === req.level);
    if (rows.length) return rows;
    const level = (await this.repo.chain(req.unitId, req.kind, req.variant)).find((c) => c.level === req.level);
    const found = level ? await this.holders.find(req.unitId, level, [req.applicantId, ...await this.earlierDeciders(req)]) : null;
    return found ? holderRows(req, found) : [];
  }

  async inbox(actor: RequestActor, q: ApprovalInboxQuery): Promise<Page<ApprovalItem>> {
    if (q.box === 'decided') {
      const [rows, total] = await this.repo.decidedBy(actor.userId, q.kind, q.page, q.pageSize);
      return { items: await this.toItems(rows), total, page: q.page, pageSize: q.pageSize };
    }
    // What I hold, wherever its unit is (a fallback holder sits outside it): one page and its count from
    // the holder index. Every pending request has its holders stored (submit and each level store them;
    // requests from before that were given theirs once at start, storeMissingHolders), so no scan of the
    // scope's pending requests runs per read: that scan grew with the inbox (#20, the approver's inbox).
    const [rows, total] = await this.repo.pendingHeldPage(actor.userId, q.kind, q.page, q.pageSize);
    return { items: await this.toItems(rows), total, page: q.page, pageSize: q.pageSize };
  }

  /**
   * Pending requests with no holders stored — submitted before holders were (#14 item 4) — get theirs
   * resolved and stored, a batch at a time; run once at start and after a unit's chain changes. A request
   * nobody can take stays as it is and is counted (the platform admin sees it through the chain's 409s).
   */
  async storeMissingHolders(unitId?: number): Promise<{ stored: number; unresolved: number }> {
    let stored = 0;
    let unresolved = 0;
    let afterId = 0;
    for (;;) {
      const batch = await this.repo.pendingWithoutHolders(afterId, HOLDER_BACKFILL_BATCH, unitId);
      if (!batch.length) break;
      afterId = batch[batch.length - 1]!.id;
      for (const req of batch) {
        const stored1 = await this.db.transaction(async () => {
          const locked = await this.repo.find(req.id, true);
          if (locked?.status !== 'pending' || (await this.repo.holders(req.id)).length) return false;
          const found = await this.currentHolders(locked, []);
          if (!found.length) return null;
          await this.repo.replaceHolders(req.id, found, { fresh: true });
          return true;
        });
        if (stored1) stored += 1;
        else if (stored1 === null) unresolved += 1;
      }
    }
    return { stored, unresolved };
  }

  async get(actor: RequestActor, id: number): Promise<ApprovalDetail> {
    const req = await this.visible(actor, id);
    return { ...(await this.toItems([req]))[0]!, history: (await this.repo.decisions(req.id)).map(toStep) };
  }

  /** The approval of a subject (a trip's applicant asks who holds it); 404 when there is none or it is out of reach. */
  async getBySubject(actor: RequestActor, kind: ApprovalKind, subjectId: number): Promise<ApprovalDetail> {
    const req = await this.repo.findBySubject(kind, subjectId, false);
    const missing = () => new NotFoundError(ApprovalErrorCode.APPROVAL_NOT_FOUND, `${approvalKindLabel[kind]} ${subjectId} 没有审批`);
    if (!req) throw missing();
    // Out of scope answers exactly like missing: the request's own id is not given away.
    return this.get(actor, req.id).catch((err: unknown) => { throw err instanceof NotFoundError ? missing() : err; });
  }

  /**
   * Where the approvals of some subjects stand (id, status), for a module that shows them beside its own
   * records (a 出差 record marks each over-standard booking with its approval); who may see the subject decides.
   */
  async statusOfSubjects(kind: ApprovalKind, subjectIds: number[]): Promise<Map<number, { id: number; status: ApprovalStatus; statusLabel: string }>> {
    const out = new Map<number, { id: number; status: ApprovalStatus; statusLabel: string }>();
    for (const subjectId of [...new Set(subjectIds)]) {
      const req = await this.repo.findBySubject(kind, subjectId, false);
      if (req) out.set(subjectId, { id: req.id, status: req.status, statusLabel: approvalStatusLabel[req.status] });
    }
    return out;
  }

  /** Approve, reject or return. The request row is locked; one decision per level and round (unique key). */
  async decide(actor: RequestActor, id: number, input: DecideInput): Promise<ApprovalDetail> {
    await this.visible(actor, id);
    await this.db.transaction(async () => {
      const req = await this.repo.find(id, true);
      if (!req) throw new NotFoundError(ApprovalErrorCode.APPROVAL_NOT_FOUND, `审批 ${id} 不存在`);
      const subject = `审批 ${id}（${approvalKindLabel[req.kind]} ${req.subjectId}）`;
      if (req.status !== 'pending') {
        throw new ConflictError(ApprovalErrorCode.APPROVAL_ALREADY_DECIDED, `${subject}已${approvalStatusLabel[req.status].replace(/^已/, '')}，不能再${approvalActionLabel[input.action]}`);
      }
      const mineBefore = (await this.repo.decisions(id)).find((d) => d.round === req.round && d.level >= 1 && d.deciderId === actor.userId);
      if (mineBefore) throw new ConflictError(ApprovalErrorCode.APPROVAL_ALREADY_DECIDED, `${subject}您已在第 ${mineBefore.level} 级${approvalActionLabel[mineBefore.action as 'approve']}，正等待第 ${req.level} 级审批`);
      if (!(await this.canDecide(actor, req))) throw new ForbiddenError(ApprovalErrorCode.APPROVAL_NOT_YOUR_TURN, `${subject}当前第 ${req.level} 级不由您审批`);
      const now = this.clock.now();
      await this.repo.insertDecision({ requestId: id, round: req.round, level: req.level, action: input.action, deciderId: actor.userId, deciderName: actor.name, comment: input.comment, at: now });
      const out = afterDecision(input.action, req.level, req.levels);
      await this.repo.update(id, { status: out.status, level: out.level, decidedAt: out.final ? now : null });
      const after = { ...req, status: out.status, level: out.level };
      await this.repo.replaceHolders(id, out.final ? [] : await this.nextHolders(after));
      const handler = this.handlers.get(req.kind);
      let result: Notice[] = [];
      if (handler && out.final) {
        if (out.status === 'approved') result = await handler.onApproved(after, actor);
        else if (out.status === 'rejected') result = await handler.onRejected(after, actor, input.comment);
        else result = await handler.onReturned(after, actor, input.comment);
      }
      // The subject's people (handler), then whoever decides the next level while the request is still pending.
      return this.notifications.record([...result, ...(await this.approverNotices(req.kind, req.subjectId))]);
    });
    return this.get(actor, id);
  }

  async listChains(actor: RequestActor, unitId: number): Promise<Chain[]> {
    if (!canReadChainsOf(actor, unitId)) throw new NotFoundError(IdentityErrorCode.UNIT_NOT_FOUND, `单位 ${unitId} 不存在`);
    const rows = await this.repo.listChains(unitId);
    const own = new Set(rows.filter((r) => r.unitId != null).map((r) => `${r.kind}/${r.variant}`));
    const chains = new Map<string, Chain>();
    for (const r of rows) {
      const key = `${r.kind}/${r.variant}`;
      if (r.unitId == null && own.has(key)) continue;
      const c = chains.get(key) ?? { unitId: r.unitId, kind: r.kind, variant: r.variant, levels: [] };
      c.levels.push({ level: r.level, approverRole: r.approverRole, approverUserId: r.approverUserId });
      chains.set(key, c);
    }
    return [...chains.values()];
  }

  /**
   * A unit's chain for a kind and variant. The unit and every named approver must exist (404 / 400,
   * rather than the foreign key's failure); concurrent PUTs of one chain replace it one after another —
   * MariaDB may break their lock cycle, and the loser is run again — and, should they keep colliding, 409.
   */
  async setChain(actor: RequestActor, input: SetChainInput): Promise<Chain[]> {
    if (!canSetChainsOf(actor, input.unitId) || !(await this.identity.unitById(input.unitId))) {
      throw new NotFoundError(IdentityErrorCode.UNIT_NOT_FOUND, `单位 ${input.unitId} 不存在`);
    }
    const named = [...new Set(input.levels.map((l) => l.approverUserId).filter((x): x is number => x != null))];
    const active = new Set((await this.identity.usersByIds(named)).filter((u) => u.status === 'active').map((u) => u.id));
    const unknown = input.levels.flatMap((l, i) => (l.approverUserId != null && !active.has(l.approverUserId) ? [{ i, userId: l.approverUserId }] : []));
    if (unknown.length) {
      throw new ValidationError(ApprovalErrorCode.APPROVAL_APPROVER_UNKNOWN, `审批人 ${unknown.map((u) => u.userId).join('、')} 不存在或已停用`,
        unknown.map((u) => ({ field: `body.levels.${u.i}.approverUserId`, message: `第 ${u.i + 1} 级审批人 ${u.userId} 不存在或已停用` })));
    }
    try {
      await retried(() => this.db.transaction(() => this.repo.replaceChain(input.unitId, input.kind, input.variant, input.levels)),
        (e) => isRetryableLock(e) || isDuplicateKey(e), CHAIN_WRITE_ATTEMPTS, (n) => 10 * n + Math.floor(Math.random() * 20));
    } catch (e) {
      if (!isRetryableLock(e) && !isDuplicateKey(e)) throw e;
      throw new ConflictError(ApprovalErrorCode.APPROVAL_CHAIN_BUSY, `单位 ${input.unitId} 的「${approvalKindLabel[input.kind]}（${input.variant}）」审批流程正被同时修改，请稍后重试`);
    }
    // A request that nobody could take before this chain existed reaches its approvers now.
    await this.storeMissingHolders(input.unitId);
    return this.listChains(actor, input.unitId);
  }

  /** Holders of the request's next level; a level nobody can take refuses the decision (409, nothing written). */
  private async nextHolders(req: ApprovalRequestRow): Promise<ApprovalHolderRow[]> {
    const level = (await this.repo.chain(req.unitId, req.kind, req.variant)).find((c) => c.level === req.level);
    const found = level ? await this.holders.find(req.unitId, level, [req.applicantId, ...await this.earlierDeciders(req)]) : null;
    if (!found) throw await this.nobodyError(req.unitId, req.kind, req.variant, req.level);
    return holderRows(req, found);
  }

  private async nobodyError(unitId: number, kind: ApprovalKind, variant: string, level: number): Promise<ConflictError> {
    return new ConflictError(ApprovalErrorCode.APPROVAL_NO_APPROVER,
      `${await this.holders.unitName(unitId)}的「${approvalKindLabel[kind]}（${variant}）」第 ${level} 级无人可审批：本单位、上级单位和所在区划的主管部门都没有可审批的人（申请人本人和已审批上一级的人除外），请先配置审批人`);
  }

  private async canDecide(actor: RequestActor, req: ApprovalRequestRow): Promise<boolean> {
    return (await this.currentHolders(req)).some((h) => h.userId === actor.userId);
  }

  /** Items with the holders of their current level (stored rows read in one query). */
  private async toItems(rows: ApprovalRequestRow[]): Promise<ApprovalItem[]> {
    const stored = await this.repo.holdersOf(rows.filter((r) => r.status === 'pending').map((r) => r.id));
    const current = (await Promise.all(rows.map((r) => this.currentHolders(r, stored.filter((h) => h.requestId === r.id))))).flat();
    const [named, units] = await Promise.all([this.holders.describe(current), this.identity.unitsByIds([...new Set(rows.map((r) => r.unitId))])]);
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    return rows.map((r) => toItem(r, unitName.get(r.unitId) ?? '', named.get(r.id) ?? []));
  }

  /** Who decided the earlier levels of the current round (nobody before level 1: no query then). */
  private async earlierDeciders(req: ApprovalRequestRow): Promise<number[]> {
    return req.level <= 1 ? [] : earlierDeciders(await this.repo.decisions(req.id), req.round, req.level);
  }

  private async visible(actor: RequestActor, id: number): Promise<ApprovalRequestRow> {
    const req = await this.repo.find(id);
    // Whoever decided it or holds it now reads it, even outside their scope (a fallback holder's unit is another).
    const involved = req ? (await this.repo.decisions(req.id)).some((d) => d.deciderId === actor.userId) || await this.canDecide(actor, req) : false;
    if (!req || !canReadApproval(actor, req, involved)) {
      throw new NotFoundError(ApprovalErrorCode.APPROVAL_NOT_FOUND, `审批 ${id} 不存在`);
    }
    return req;
  }
}

function earlierDeciders(decisions: ApprovalDecisionRow[], round: number, level: number): number[] {
  return decisions.filter((d) => d.round === round && d.level >= 1 && d.level < level).map((d) => d.deciderId);
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** Holders of the request's current round and level. */
const holderRows = (req: Pick<ApprovalRequestRow, 'id' | 'round' | 'level' | 'kind' | 'submittedAt'>, found: { userIds: number[]; unitId: number; via: ApprovalHolderRow['via'] }): ApprovalHolderRow[] =>
  found.userIds.map((userId) => ({
    requestId: req.id, userId, round: req.round, level: req.level, unitId: found.unitId, via: found.via, kind: req.kind, submittedAt: req.submittedAt,
  }));

/** 待审批 for whoever holds the request's current level (nothing when nobody does). */
const approverNotice = (req: ApprovalRequestRow, userIds: number[]): Notice[] =>
  userIds.length ? [{ userIds, family: 'approval', title: `待审批：${approvalKindLabel[req.kind]}`, body: `${req.applicantName}：${req.title}`, page: `/approvals/detail?id=${req.id}` }] : [];

const toItem = (r: ApprovalRequestRow, unitName: string, holders: ApprovalHolder[]): ApprovalItem => ({
  id: r.id, kind: r.kind, kindLabel: approvalKindLabel[r.kind], variant: r.variant, subjectId: r.subjectId, title: r.title, summary: r.summary,
  applicantName: r.applicantName, unitName, amountFen: r.amountFen, status: r.status, statusLabel: approvalStatusLabel[r.status],
  level: r.level, levels: r.levels, submittedAt: iso(r.submittedAt), holders,
});

const toStep = (d: ApprovalDecisionRow) => ({
  round: d.round, level: d.level, action: d.action, actionLabel: approvalActionLabel[d.action as keyof typeof approvalActionLabel] ?? d.action,
  deciderId: d.deciderId, deciderName: d.deciderName, comment: d.comment, at: iso(d.at),
});
