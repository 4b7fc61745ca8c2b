import { CommonErrorCode } from '@shared/common/errors';
import { IdentityErrorCode } from '@shared/identity/identity.errors';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../platform/errors';
import { scopeOf, type Scope } from '../../platform/data-scope';
import { canReadRegion, canReadUnit, canReadUser } from '../../platform/access';
import type { RequestActor } from '../../platform/access';
import type { PageQuery, Page } from '@shared/common/pagination';
import { maskPhone } from '@shared/common/format';
import { companyKinds, isPrivileged } from '@shared/identity/identity.schemas';
import type { CompanyKind, CurrentUser, DemoUser, Region, Role, Session, SignInResult, TotpEnrolment, TotpStatus, Unit, User } from '@shared/identity/identity.schemas';
import type { RegionRow, UnitRow, UserRow } from './identity.entity';
import type { IdentityRepository, UserWithRoles } from './identity.repository';
import type { SessionStore } from './session.store';
import type { WechatAuthGateway } from './wechat-auth.gateway';
import type { TotpService } from './totp.service';

export interface IdentityOptions { demoLogin: boolean }

export interface IdentitySecurityDeps { totp: TotpService }

/** Sign-in, sessions, the current actor, and scoped reads of regions, units and users. */
export class IdentityService {
  constructor(
    private readonly repo: IdentityRepository,
    private readonly sessions: SessionStore,
    private readonly wechat: WechatAuthGateway,
    private readonly options: IdentityOptions,
    private readonly security: IdentitySecurityDeps,
  ) {}

  async wxLogin(code: string): Promise<SignInResult> {
    const { openid } = await this.wechat.code2session(code);
    const user = await this.repo.findUserByOpenid(openid);
    if (!user) throw new ForbiddenError(IdentityErrorCode.WECHAT_NOT_BOUND, '该微信账号尚未绑定平台用户，请联系单位车管员开通');
    return this.startSession(user);
  }

  async listDemoUsers(): Promise<DemoUser[]> {
    this.assertDemo();
    const users = await this.repo.listAllActiveUsers();
    const units = new Map((await this.repo.findUnits([...new Set(users.map((u) => u.unitId))])).map((u) => [u.id, u]));
    const regions = new Map((await this.repo.findRegions([...new Set(users.map((u) => u.regionCode))])).map((r) => [r.code, r]));
    return users.map((u) => ({
      id: u.id, name: u.name, roles: u.roles,
      unitName: units.get(u.unitId)?.name ?? '', regionName: regions.get(u.regionCode)?.name ?? '',
    }));
  }

  async demoLogin(userId: number): Promise<SignInResult> {
    this.assertDemo();
    const user = await this.repo.findUser(userId);
    if (!user || user.status !== 'active') throw new NotFoundError(IdentityErrorCode.USER_NOT_FOUND, `演示用户 ${userId} 不存在`);
    return this.startSession(user);
  }

  async logout(actor: RequestActor): Promise<void> {
    await this.sessions.revokeId(actor.userId, actor.tokenId);
  }

  async logoutEverywhere(actor: RequestActor): Promise<number> {
    return this.sessions.revokeAll(actor.userId);
  }

  /** Token → actor with scope, from the session's snapshot (one Redis read, no database query). */
  async resolveActor(token: string): Promise<RequestActor> {
    const session = await this.sessions.resolve(token);
    if (session === 'idle') {
      throw new UnauthenticatedError(CommonErrorCode.TOKEN_EXPIRED, `超过 ${this.security.totp.settings.idleMinutes} 分钟未操作，登录已过期，请重新登录`);
    }
    if (session === 'expired') throw new UnauthenticatedError(CommonErrorCode.TOKEN_EXPIRED, '登录已过期，请重新登录');
    if (!session) throw new UnauthenticatedError(CommonErrorCode.UNAUTHENTICATED, '登录凭证无效或已注销，请重新登录');
    const base = { userId: session.userId, unitId: session.unitId, regionCode: session.regionCode, regionLevel: session.regionLevel, roles: session.roles };
    return { ...base, scope: scopeOf(base), name: session.name, tokenId: session.tokenId };
  }

  async me(actor: RequestActor): Promise<CurrentUser> {
    const user = await this.repo.findUser(actor.userId);
    if (!user) throw new NotFoundError(IdentityErrorCode.USER_NOT_FOUND, `用户 ${actor.userId} 不存在`);
    return this.toCurrentUser(user);
  }

  async getRegion(actor: RequestActor, code: string): Promise<Region> {
    const region = await this.repo.findRegion(code);
    if (!region || !canReadRegion(actor, code)) throw new NotFoundError(IdentityErrorCode.REGION_NOT_FOUND, `区划 ${code} 不存在`);
    return toRegion(region);
  }

  async listRegions(actor: RequestActor): Promise<Region[]> {
    return (await this.repo.listRegions(actor.scope, actor.regionCode)).map(toRegion);
  }

  async getUnit(actor: RequestActor, id: number): Promise<Unit> {
    const unit = await this.repo.findUnit(id);
    if (!unit || !canReadUnit(actor, unit)) {
      throw new NotFoundError(IdentityErrorCode.UNIT_NOT_FOUND, `单位 ${id} 不存在`);
    }
    return this.toUnit(unit);
  }

  async listUnits(actor: RequestActor, page: PageQuery): Promise<Page<Unit>> {
    const [rows, total] = await this.repo.listUnits(actor.scope, page);
    const regions = new Map((await this.repo.findRegions([...new Set(rows.map((u) => u.regionCode))])).map((r) => [r.code, r]));
    return { items: rows.map((u) => ({ ...unitSummary(u), parentId: u.parentId, regionName: regions.get(u.regionCode)?.name ?? '' })), total, ...page };
  }

  async listCompanies(kind?: CompanyKind): Promise<Unit[]> {
    const rows = await this.repo.listCompanies(kind ? [kind] : companyKinds);
    const regions = new Map((await this.repo.findRegions([...new Set(rows.map((u) => u.regionCode))])).map((r) => [r.code, r]));
    return rows.map((u) => ({ ...unitSummary(u), parentId: u.parentId, regionName: regions.get(u.regionCode)?.name ?? '' }));
  }

  async getUser(actor: RequestActor, id: number): Promise<User> {
    const user = await this.repo.findUser(id);
    if (!user || !canReadUser(actor, user)) {
      throw new NotFoundError(IdentityErrorCode.USER_NOT_FOUND, `用户 ${id} 不存在`);
    }
    const unit = await this.repo.findUnit(user.unitId);
    return toUser(user, unit?.name ?? '');
  }

  async listUsers(actor: RequestActor, page: PageQuery): Promise<Page<User>> {
    const [rows, total] = await this.repo.listUsers(actor.scope, page);
    const units = new Map((await this.repo.findUnits([...new Set(rows.map((u) => u.unitId))])).map((u) => [u.id, u]));
    return { items: rows.map((u) => toUser(u, units.get(u.unitId)?.name ?? '')), total, ...page };
  }

  // Reads other modules ask of identity (no actor: the caller applies its own access policy first);
  // inside a transaction they join it.

  /** Active users of a unit holding a role (who to tell: a unit's dispatchers, a company's operators, approvers). */
  usersWithRole(unitId: number, role: Role): Promise<number[]> {
    return this.repo.usersWithRole(unitId, role);
  }

  /** A user by phone number (the keyed lookup hash; the number itself is stored encrypted). */
  userByPhone(phone: string): Promise<UserWithRoles | null> {
    return this.repo.findUserByPhone(phone);
  }

  userById(id: number): Promise<UserWithRoles | null> {
    return this.repo.findUser(id);
  }

  unitById(id: number): Promise<UnitRow | null> {
    return this.repo.findUnit(id);
  }

  unitsByIds(ids: number[]): Promise<UnitRow[]> {
    return this.repo.findUnits(ids);
  }

  /** A region and the regions directly under it, or null when there is no such region (the caller applies its access policy first). */
  async regionAndChildren(code: string): Promise<{ region: Region; children: Region[] } | null> {
    const rows = (await this.repo.regionAndChildren(code)).map(toRegion);
    const region = rows.find((r) => r.code === code);
    return region ? { region, children: rows.filter((r) => r.parentCode === code && r.code !== code) } : null;
  }

  /** Units of a region prefix and below without personal data (the data pool's rows and map), in id order. */
  unitPlacesUnder(regionPrefix: string): ReturnType<IdentityRepository['unitPlacesUnder']> {
    return this.repo.unitPlacesUnder(regionPrefix);
  }

  /** The ids of every unit in a scope, in id order. */
  unitIdsInScope(scope: Scope): Promise<number[]> {
    return this.repo.unitIdsInScope(scope);
  }

  /** Users by id, without roles (one query). */
  usersByIds(ids: number[]): Promise<UserRow[]> {
    return this.repo.findUsers(ids);
  }

  /** The WeChat openids of those users who signed in through WeChat (one query). */
  openidsOf(userIds: number[]): Promise<Map<number, string>> {
    return this.repo.openidsOf(userIds);
  }

  /**
   * Inside the caller's transaction: holds the user's row (FOR UPDATE on MariaDB) until it ends, so
   * one person's requests that must not overlap (a deposit's pending payment) queue.
   */
  lockUser(userId: number): Promise<void> {
    return this.repo.lockUser(userId);
  }

  /** The code prompt after sign-in: a correct, unused TOTP code turns the challenge into a session. */
  async verifyTotp(challenge: string, code: string): Promise<Session> {
    const userId = await this.security.totp.answer(challenge, code);
    const user = await this.repo.findUser(userId);
    if (!user) throw new NotFoundError(IdentityErrorCode.USER_NOT_FOUND, `用户 ${userId} 不存在`);
    return this.issueSession(user);
  }

  /** The enrolment at sign-in: the authenticator's first code confirms it and opens the session (it is the second factor). */
  async verifyTotpEnrolment(challenge: string, code: string): Promise<Session> {
    const userId = await this.security.totp.answerEnrolment(challenge, code);
    const user = await this.repo.findUser(userId);
    if (!user) throw new NotFoundError(IdentityErrorCode.USER_NOT_FOUND, `用户 ${userId} 不存在`);
    return this.issueSession(user);
  }

  async totpStatus(actor: RequestActor): Promise<TotpStatus> {
    const eligible = isPrivileged(actor.roles);
    return { eligible, enrolled: eligible && (await this.security.totp.enrolled(actor.userId)), idleMinutes: eligible ? this.security.totp.settings.idleMinutes : 0 };
  }

  enrolTotp(actor: RequestActor): Promise<TotpEnrolment> {
    return this.security.totp.enrol({ id: actor.userId, name: actor.name, roles: actor.roles });
  }

  async confirmTotp(actor: RequestActor, code: string): Promise<TotpStatus> {
    await this.security.totp.confirm(actor.userId, code);
    return this.totpStatus(actor);
  }

  /** After the first factor: a session, or (an enrolled administrator or supervisor) the TOTP prompt. */
  private async startSession(user: UserWithRoles): Promise<SignInResult> {
    if (user.status !== 'active') throw new ForbiddenError(IdentityErrorCode.USER_DISABLED, '账号已停用');
    if (isPrivileged(user.roles) && (await this.security.totp.enrolled(user.id))) {
      const { challenge, expiresAt } = await this.security.totp.challenge(user.id);
      return { totpRequired: true, challenge, expiresAt, name: user.name };
    }
    // A role that must hold a second factor, not enrolled yet: the enrolment comes before any session.
    if (this.security.totp.required(user.roles)) {
      const { challenge, expiresAt, enrolment } = await this.security.totp.enrolmentChallenge(user);
      return { totpEnrolmentRequired: true, challenge, expiresAt, name: user.name, enrolment };
    }
    return this.issueSession(user);
  }

  private async issueSession(user: UserWithRoles): Promise<Session> {
    if (user.status !== 'active') throw new ForbiddenError(IdentityErrorCode.USER_DISABLED, '账号已停用');
    const current = await this.toCurrentUser(user);
    const idleSeconds = isPrivileged(user.roles) ? this.security.totp.settings.idleMinutes * 60 : 0;
    const { token, expiresAt } = await this.sessions.issue({
      userId: user.id, name: user.name, unitId: user.unitId, regionCode: user.regionCode, regionLevel: current.region.level, roles: user.roles,
    }, idleSeconds);
    return { token, expiresAt, user: current };
  }

  private async toCurrentUser(user: UserWithRoles): Promise<CurrentUser> {
    const [unit, region] = await Promise.all([this.repo.findUnit(user.unitId), this.repo.findRegion(user.regionCode)]);
    if (!unit || !region) throw new NotFoundError(IdentityErrorCode.USER_NOT_FOUND, `用户 ${user.id} 的单位或区划不存在`);
    return { id: user.id, name: user.name, phoneMasked: maskPhone(user.phone), roles: user.roles, unit: unitSummary(unit), region: toRegion(region) };
  }

  private async toUnit(unit: UnitRow): Promise<Unit> {
    const region = await this.repo.findRegion(unit.regionCode);
    return { ...unitSummary(unit), parentId: unit.parentId, regionName: region?.name ?? '' };
  }

  private assertDemo(): void {
    if (!this.options.demoLogin) throw new NotFoundError(IdentityErrorCode.DEMO_LOGIN_DISABLED, '演示登录未开启');
  }
}

const unitSummary = (u: UnitRow) => ({ id: u.id, name: u.name, kind: u.kind, regionCode: u.regionCode });
const toRegion = (r: RegionRow): Region => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode });
const toUser = (u: UserWithRoles, unitName: string): User => ({
  id: u.id, name: u.name, phoneMasked: maskPhone(u.phone), roles: u.roles, unitId: u.unitId, unitName, regionCode: u.regionCode,
});
