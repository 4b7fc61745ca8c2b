import { ApprovalErrorCode } from '@shared/approvals/approvals.errors';
import { IdentityErrorCode } from '@shared/identity/identity.errors';
import { ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors';
import type { Database } from '../../platform/db/database';
import type { Clock } from '../../platform/clock';
import { canReadApproval, canReadChainsOf, canSetChainsOf } from '../../platform/access';
import type { RequestActor } from '../../platform/access';
import type { Page } from '@shared/common/pagination';
import {
  ApprovalDetail, ApprovalInboxQuery, ApprovalItem, ApprovalKind, approvalActionLabel, approvalKindLabel, approvalStatusLabel,
  Chain, DecideInput, SetChainInput,
} from '@shared/approvals/approvals.schemas';
import type { IdentityService } from '../identity';
import type { Notice, NotificationsService } from '../notifications';
import type { ApprovalChainRow, ApprovalDecisionRow, ApprovalRequestRow } from './approvals.entity';
import type { ApprovalsRepository } from './approvals.repository';
import { afterDecision, mayDecide } from './approvals.rules';

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

const INBOX_SCAN_LIMIT = 500;

export class ApprovalsService {
  private readonly handlers = new Map<ApprovalKind, ApprovalHandler>();

  constructor(
    private readonly db: Database, private readonly repo: ApprovalsRepository, private readonly identity: IdentityService,
    private readonly notifications: NotificationsService, private readonly clock: Clock,
  ) {}

  registerHandler(kind: ApprovalKind, handler: ApprovalHandler): void {
    this.handlers.set(kind, handler);
  }

  /**
   * Inside the caller's transaction (its repositories join it): a new request, or a new round of a
   * returned one. `newSubject`: the subject was created in this transaction, so it has no request yet (no lookup).
   */
  async submit(input: SubmitInput, submitter: { userId: number; name: string }, opts: { newSubject?: boolean } = {}): Promise<ApprovalRequestRow> {
    const chain = await this.repo.chain(input.unitId, input.kind, input.variant);
    if (!chain.length) throw new ConflictError(ApprovalErrorCode.APPROVAL_CHAIN_MISSING, `单位 ${input.unitId} 未配置「${approvalKindLabel[input.kind]}（${input.variant}）」审批流程`);
    const existing = opts.newSubject ? null : await this.repo.findBySubject(input.kind, input.subjectId);
    const round = existing ? existing.round + 1 : 1;
    const now = this.clock.now();
    const row = await this.repo.save({ ...existing, ...input, status: 'pending', round, level: 1, levels: chain.length, submittedAt: now, decidedAt: null });
    await this.repo.insertDecision({ requestId: row.id, round, level: 0, action: 'submit', deciderId: submitter.userId, deciderName: submitter.name, comment: '', at: now });
    return row;
  }

  /** Inside the caller's transaction: the subject was cancelled, the request leaves every inbox. */
  async withdraw(kind: ApprovalKind, subjectId: number): Promise<void> {
    const existing = await this.repo.findBySubject(kind, subjectId);
    if (existing?.status === 'pending') await this.repo.update(existing.id, { status: 'withdrawn', decidedAt: this.clock.now() });
  }

  /**
   * Inside the caller's transaction, after it submitted or decided: who may decide the current level
   * is told (none when the request is no longer pending). Record the notices with the change.
   */
  async approverNotices(kind: ApprovalKind, subjectId: number): Promise<Notice[]> {
    const req = await this.repo.findBySubject(kind, subjectId, false);
    if (!req || req.status !== 'pending') return [];
    const userIds = await this.approversOf(req);
    return userIds.length ? [{ userIds, family: 'approval', title: `待审批：${approvalKindLabel[req.kind]}`, body: `${req.applicantName}：${req.title}`, page: `/approvals/detail?id=${req.id}` }] : [];
  }

  async approversOf(req: ApprovalRequestRow): Promise<number[]> {
    const chain = await this.repo.chain(req.unitId, req.kind, req.variant);
    const level = chain.find((c) => c.level === req.level);
    if (!level) return [];
    const earlier = await this.earlierDeciders(req);
    const candidates = level.approverUserId != null ? [level.approverUserId] : await this.identity.usersWithRole(req.unitId, level.approverRole);
    return candidates.filter((id) => id !== req.applicantId && !earlier.includes(id));
  }

  async inbox(actor: RequestActor, q: ApprovalInboxQuery): Promise<Page<ApprovalItem>> {
    if (q.box === 'decided') {
      const [rows, total] = await this.repo.decidedBy(actor.userId, q.kind, q.page, q.pageSize);
      return { items: rows.map(toItem), total, page: q.page, pageSize: q.pageSize };
    }
    const pending = await this.repo.pendingInScope(actor.scope, q.kind, INBOX_SCAN_LIMIT);
    const mine: ApprovalRequestRow[] = [];
    // One chain read per (unit, kind, variant) among the candidates, not one per request.
    const chains = new Map<string, Promise<ApprovalChainRow[]>>();
    const chainOf = (req: ApprovalRequestRow) => {
      const key = `${req.unitId}/${req.kind}/${req.variant}`;
      if (!chains.has(key)) chains.set(key, this.repo.chain(req.unitId, req.kind, req.variant));
      return chains.get(key)!;
    };
    for (const req of pending) if (await this.canDecide(actor, req, await chainOf(req))) mine.push(req);
    const start = (q.page - 1) * q.pageSize;
    return { items: mine.slice(start, start + q.pageSize).map(toItem), total: mine.length, page: q.page, pageSize: q.pageSize };
  }

  async get(actor: RequestActor, id: number): Promise<ApprovalDetail> {
    const req = await this.visible(actor, id);
    return { ...toItem(req), history: (await this.repo.decisions(req.id)).map(toStep) };
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

  async setChain(actor: RequestActor, input: SetChainInput): Promise<Chain[]> {
    if (!canSetChainsOf(actor, input.unitId)) throw new NotFoundError(IdentityErrorCode.UNIT_NOT_FOUND, `单位 ${input.unitId} 不存在`);
    await this.db.transaction(() => this.repo.replaceChain(input.unitId, input.kind, input.variant, input.levels));
    return this.listChains(actor, input.unitId);
  }

  private async canDecide(actor: RequestActor, req: ApprovalRequestRow, knownChain?: ApprovalChainRow[]): Promise<boolean> {
    const chain = knownChain ?? await this.repo.chain(req.unitId, req.kind, req.variant);
    const earlier = await this.earlierDeciders(req);
    return mayDecide(chain.find((c) => c.level === req.level), actor, req.applicantId, earlier);
  }

  /** Who decided the earlier levels of the current round (nobody before level 1: no query then). */
  private async earlierDeciders(req: ApprovalRequestRow): Promise<number[]> {
    return req.level <= 1 ? [] : earlierDeciders(await this.repo.decisions(req.id), req.round, req.level);
  }

  private async visible(actor: RequestActor, id: number): Promise<ApprovalRequestRow> {
    const req = await this.repo.find(id);
    const decided = req ? (await this.repo.decisions(req.id)).some((d) => d.deciderId === actor.userId) : false;
    if (!req || !canReadApproval(actor, req, decided)) {
      throw new NotFoundError(ApprovalErrorCode.APPROVAL_NOT_FOUND, `审批 ${id} 不存在`);
    }
    return req;
  }
}

function earlierDeciders(decisions: ApprovalDecisionRow[], round: number, level: number): number[] {
  return decisions.filter((d) => d.round === round && d.level >= 1 && d.level < level).map((d) => d.deciderId);
}

const iso = (d: Date | string) => new Date(d).toISOString();

const toItem = (r: ApprovalRequestRow): ApprovalItem => ({
  id: r.id, kind: r.kind, kindLabel: approvalKindLabel[r.kind], variant: r.variant, subjectId: r.subjectId, title: r.title, summary: r.summary,
  applicantName: r.applicantName, amountFen: r.amountFen, status: r.status, statusLabel: approvalStatusLabel[r.status],
  level: r.level, levels: r.levels, submittedAt: iso(r.submittedAt),
});

const toStep = (d: ApprovalDecisionRow) => ({
  round: d.round, level: d.level, action: d.action, actionLabel: approvalActionLabel[d.action as keyof typeof approvalActionLabel] ?? d.action,
  deciderId: d.deciderId, deciderName: d.deciderName, comment: d.comment, at: iso(d.at),
});
