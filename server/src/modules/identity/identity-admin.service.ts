import { CommonErrorCode } from '@shared/common/errors';
import { IdentityErrorCode as E } from '@shared/identity/identity.errors';
import { roleLabel, type CreateUnitInput, type CreateUserInput, type Role, type SetUserRolesInput, type Unit, type User } from '@shared/identity/identity.schemas';
import { maskPhone } from '@shared/common/format';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors';
import type { Database } from '../../platform/db/database';
import { canAdministerDirectory, type RequestActor } from '../../platform/access';
import type { IdentityRepository } from './identity.repository';
import type { IdentityAdminRepository } from './identity-admin.repository';
import type { AuditSink } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { SessionStore } from './session.store';
import type { EventBus } from '../../platform/events';

/** Where a request came from, for the audit entries this service writes itself (role changes). */
export interface RequestOrigin { ip: string; requestId: string }

export interface IdentityAdminDeps { audit: AuditSink; sessions: SessionStore; clock: Clock; events: Pick<EventBus, 'record'> }

/**
 * 平台管理 (#17 item 8): the platform admin adds units (kind, region, parent, address with its map point)
 * and users with their roles. Every change is audited by the API's audit trail.
 */
export class IdentityAdminService {
  constructor(
    private readonly db: Database, private readonly repo: IdentityRepository, private readonly admin: IdentityAdminRepository,
    private readonly deps: IdentityAdminDeps,
  ) {}

  async createUnit(actor: RequestActor, input: CreateUnitInput): Promise<Unit> {
    this.assertAdmin(actor);
    const region = await this.repo.findRegion(input.regionCode);
    if (!region) throw new ValidationError(E.REGION_NOT_FOUND, `行政区划 ${input.regionCode} 不存在`, [{ field: 'body.regionCode', message: '区划不存在' }]);
    if (input.parentId != null) {
      const parent = await this.repo.findUnit(input.parentId);
      if (!parent) throw new ValidationError(E.UNIT_NOT_FOUND, `上级单位 ${input.parentId} 不存在`, [{ field: 'body.parentId', message: '上级单位不存在' }]);
      // A unit sits in its parent's region or below it (codes nest by prefix).
      if (!input.regionCode.startsWith(parent.regionCode.replace(/0+$/, ''))) {
        throw new ValidationError(E.UNIT_NOT_FOUND, `上级单位「${parent.name}」在 ${parent.regionCode}，下属单位须在其区划内`, [{ field: 'body.parentId', message: '上级单位不在该区划之上' }]);
      }
    }
    return this.db.transaction(async () => {
      const same = await this.admin.unitNamed(input.name, input.regionCode);
      if (same) throw new ConflictError(E.UNIT_DUPLICATE, `${region.name}已有单位「${input.name}」（${same.id}）`);
      const row = await this.admin.insertUnit(input);
      await this.deps.events.record('unit.created', row.id, {
        unitId: row.id, name: row.name, kind: row.kind, regionCode: row.regionCode, parentId: row.parentId ?? null, address: input.address, at: this.deps.clock.now().toISOString(),
      });
      return { id: row.id, name: row.name, kind: row.kind, regionCode: row.regionCode, parentId: row.parentId, regionName: region.name };
    });
  }

  async createUser(actor: RequestActor, input: CreateUserInput, origin: RequestOrigin = NO_ORIGIN): Promise<User> {
    this.assertAdmin(actor);
    const unit = await this.repo.findUnit(input.unitId);
    if (!unit) throw new ValidationError(E.UNIT_NOT_FOUND, `单位 ${input.unitId} 不存在`, [{ field: 'body.unitId', message: '单位不存在' }]);
    return this.db.transaction(async () => {
      const same = await this.repo.findUserByPhone(input.phone);
      if (same) throw new ConflictError(E.USER_DUPLICATE, `手机号 ${maskPhone(input.phone)} 已是用户 ${same.id}（${same.name}）的`);
      const row = await this.admin.insertUser({ name: input.name, phone: input.phone, unitId: unit.id, regionCode: unit.regionCode, openid: null, status: 'active' });
      await this.admin.setRoles(row.id, input.roles);
      this.db.afterCommit(() => this.recordRoleChange(actor, { id: row.id, name: row.name }, [], [...new Set(input.roles)], origin));
      return { id: row.id, name: row.name, phoneMasked: maskPhone(input.phone), roles: [...new Set(input.roles)], unitId: unit.id, unitName: unit.name, regionCode: unit.regionCode };
    });
  }

  /**
   * A user's roles replaced (#19 item 5): written to the audit trail with the roles before and after, and the
   * user's sessions end (a session carries the roles it was issued with). The platform admin cannot take their
   * own platform_admin role away (another admin must), so the platform is never left without one by mistake.
   */
  async setRoles(actor: RequestActor, userId: number, input: SetUserRolesInput, origin: RequestOrigin = NO_ORIGIN): Promise<User> {
    const user = await this.repo.findUser(userId);
    if (!user || !canAdministerDirectory(actor)) throw new NotFoundError(E.USER_NOT_FOUND, `用户 ${userId} 不存在`);
    if (user.id === actor.userId && !input.roles.includes('platform_admin')) {
      throw new ForbiddenError(E.ROLES_FORBIDDEN, '不能取消自己的平台管理员角色（须由另一位平台管理员操作）');
    }
    await this.db.transaction(async () => {
      await this.repo.lockUser(userId);
      await this.admin.setRoles(userId, input.roles);
    });
    await this.deps.sessions.revokeAll(userId);
    await this.recordRoleChange(actor, user, user.roles, [...new Set(input.roles)], origin);
    const unit = await this.repo.findUnit(user.unitId);
    return { id: user.id, name: user.name, phoneMasked: maskPhone(user.phone), roles: [...new Set(input.roles)], unitId: user.unitId, unitName: unit?.name ?? '', regionCode: user.regionCode };
  }

  private async recordRoleChange(actor: RequestActor, user: { id: number; name: string }, before: Role[], after: Role[], origin: RequestOrigin): Promise<void> {
    const words = (rs: Role[]) => rs.map((r) => roleLabel[r]).join('、') || '无';
    await this.deps.audit.record({
      at: this.deps.clock.now(), actorUserId: actor.userId, actorName: actor.name, actorRoles: actor.roles,
      unitId: actor.unitId, regionCode: actor.regionCode, action: 'identity.roles-changed',
      label: `角色变更：${user.name}（${words(before)} → ${words(after)}）`, objectType: 'users', objectId: String(user.id),
      ip: origin.ip, outcome: 'success', status: 200, requestId: origin.requestId, errorCode: null,
    });
  }

  private assertAdmin(actor: RequestActor): void {
    if (!canAdministerDirectory(actor)) throw new ForbiddenError(CommonErrorCode.FORBIDDEN, '只有平台管理员可以维护单位和用户');
  }
}

const NO_ORIGIN: RequestOrigin = { ip: '', requestId: '' };
