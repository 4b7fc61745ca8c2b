import { createHash, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verifySync } from 'otplib';
import { z } from 'zod';
import { loadSection } from '@config/load-config';
import { IdentityErrorCode as E } from '@shared/identity/identity.errors';
import { isPrivileged, privilegedRoles, type Role, type TotpEnrolment } from '@shared/identity/identity.schemas';
import { renderSVG } from 'uqr';
import { ConflictError, ForbiddenError, UnauthenticatedError, ValidationError } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import type { RedisClient } from '../../platform/redis';
import type { IdentityRepository } from './identity.repository';

/**
 * Settings of the second factor and idle expiry (#19 item 5). PRIVILEGED_IDLE_MINUTES: sessions of
 * administrators and supervisors end after this long without a request (0: off); TOTP_ISSUER: the name an
 * authenticator app shows; TOTP_CHALLENGE_SECONDS: how long the code prompt after a sign-in stays good.
 */
export const identitySecurityEnvShape = {
  PRIVILEGED_IDLE_MINUTES: z.coerce.number().int().min(0).max(24 * 60).default(30),
  TOTP_ISSUER: z.string().min(1).max(40).default('河北公务用车'),
  TOTP_CHALLENGE_SECONDS: z.coerce.number().int().min(30).max(1800).default(300),
  /**
   * Roles that must hold a second factor (等保 level 3): a user of one who has not enrolled enrols at sign-in
   * before any session. Comma-separated of platform_admin, supervisor; `none`: nobody is made to. Unset:
   * both, except in the demo (DEMO_LOGIN) and under NODE_ENV=test, where nobody is (the demo's accounts and
   * the tests sign in with one click; the tests that prove the rule turn it on).
   */
  SECURITY_TOTP_REQUIRED_ROLES: z.string().trim().regex(/^(none|(platform_admin|supervisor)(\s*,\s*(platform_admin|supervisor))*)$/, '应为 none，或 platform_admin、supervisor 以逗号分隔').optional(),
};
export interface IdentitySecuritySettings { idleMinutes: number; issuer: string; challengeSeconds: number; requiredRoles: Role[] }
export function loadIdentitySecuritySettings(env: Readonly<Record<string, string | undefined>>, opts: { demoLogin: boolean }): IdentitySecuritySettings {
  const e = loadSection(identitySecurityEnvShape, env);
  const raw = e.SECURITY_TOTP_REQUIRED_ROLES ?? (opts.demoLogin || env.NODE_ENV === 'test' ? 'none' : privilegedRoles.join(','));
  const requiredRoles = raw === 'none' ? [] : [...new Set(raw.split(',').map((r) => r.trim() as Role))];
  return { idleMinutes: e.PRIVILEGED_IDLE_MINUTES, issuer: e.TOTP_ISSUER, challengeSeconds: e.TOTP_CHALLENGE_SECONDS, requiredRoles };
}

/** Wrong codes one sign-in prompt takes before it is spent (a new sign-in starts over; the lockout counts sign-ins). */
const MAX_ATTEMPTS = 5;
/** One 30-second step either side: a phone clock a little off, or a code typed as it turned over. */
const TOLERANCE_SECONDS = 30;

/**
 * TOTP (RFC 6238, otplib) for administrators and supervisors: enrolment (a secret shown once as an otpauth
 * URI, confirmed by a first code), and the sign-in prompt: a short-lived challenge in Redis that a correct
 * code turns into a session. A code is accepted once (the last step used is kept, row locked on MariaDB).
 */
export class TotpService {
  constructor(
    private readonly repo: IdentityRepository,
    private readonly redis: RedisClient,
    private readonly clock: Clock,
    readonly settings: IdentitySecuritySettings,
  ) {}

  async enrolled(userId: number): Promise<boolean> {
    return (await this.repo.findTotp(userId))?.confirmedAt != null;
  }

  /** A new secret for the user (replacing an unconfirmed one); refused once confirmed. */
  async enrol(user: { id: number; name: string; roles: Role[] }): Promise<TotpEnrolment> {
    if (!isPrivileged(user.roles)) throw new ForbiddenError(E.TOTP_NOT_FOR_ROLE, '动态口令仅用于平台管理员与主管部门账号');
    return this.repo.transactionally(async () => {
      const row = await this.repo.findTotp(user.id, true);
      if (row?.confirmedAt) throw new ConflictError(E.TOTP_ALREADY_ENROLLED, `用户 ${user.name} 已绑定动态口令`);
      const secret = generateSecret();
      await this.repo.saveTotp({ userId: user.id, secret, confirmedAt: null, lastStep: null, createdAt: this.clock.now() });
      const otpauthUri = generateURI({ issuer: this.settings.issuer, label: user.name, secret });
      return { secret, otpauthUri, qrCode: qrDataUrl(otpauthUri) };
    });
  }

  /** The user's roles must hold a second factor (SECURITY_TOTP_REQUIRED_ROLES). */
  required(roles: readonly Role[]): boolean {
    return roles.some((r) => this.settings.requiredRoles.includes(r));
  }

  /**
   * A sign-in of a user who must enrol and has not: a new secret, and a challenge in Redis that is good only
   * for confirming it (the limited token of the enrolment at sign-in).
   */
  async enrolmentChallenge(user: { id: number; name: string; roles: Role[] }): Promise<{ challenge: string; expiresAt: string; enrolment: TotpEnrolment }> {
    const enrolment = await this.enrol(user);
    const challenge = randomBytes(24).toString('base64url');
    await this.redis.set(enrolKey(challenge), JSON.stringify({ userId: user.id }), 'EX', this.settings.challengeSeconds);
    return { challenge, expiresAt: new Date(this.clock.now().getTime() + this.settings.challengeSeconds * 1000).toISOString(), enrolment };
  }

  /** The first code confirms the enrolment begun at sign-in; the user it was for. Spent on success or after MAX_ATTEMPTS wrong codes. */
  async answerEnrolment(challenge: string, code: string): Promise<number> {
    const key = enrolKey(challenge);
    const raw = await this.redis.get(key);
    if (!raw) throw new UnauthenticatedError(E.TOTP_CHALLENGE_INVALID, '绑定已过期，请重新登录');
    const { userId } = JSON.parse(raw) as { userId: number };
    try {
      await this.confirm(userId, code);
    } catch (e) {
      if (e instanceof ValidationError && e.code === E.TOTP_CODE_INVALID) await this.countWrong(key);
      throw e;
    }
    await this.redis.del(key, `${key}:wrong`);
    return userId;
  }

  private async countWrong(key: string): Promise<void> {
    const attempts = await this.redis.incr(`${key}:wrong`);
    if (attempts === 1) await this.redis.expire(`${key}:wrong`, this.settings.challengeSeconds);
    if (attempts >= MAX_ATTEMPTS) await this.redis.del(key, `${key}:wrong`);
  }

  /** The first code from the authenticator confirms the enrolment. */
  async confirm(userId: number, code: string): Promise<void> {
    await this.repo.transactionally(async () => {
      const row = await this.repo.findTotp(userId, true);
      if (!row) throw new ConflictError(E.TOTP_NOT_STARTED, '请先开始绑定动态口令');
      if (row.confirmedAt) throw new ConflictError(E.TOTP_ALREADY_ENROLLED, '动态口令已绑定');
      const step = this.check(row.secret, code, row.lastStep);
      await this.repo.updateTotp(userId, { confirmedAt: this.clock.now(), lastStep: step });
    });
  }

  /** After a correct first factor: a challenge the code prompt answers. */
  async challenge(userId: number): Promise<{ challenge: string; expiresAt: string }> {
    const challenge = randomBytes(24).toString('base64url');
    await this.redis.set(challengeKey(challenge), JSON.stringify({ userId }), 'EX', this.settings.challengeSeconds);
    return { challenge, expiresAt: new Date(this.clock.now().getTime() + this.settings.challengeSeconds * 1000).toISOString() };
  }

  /** The user the challenge was for, when the code is right; the challenge is spent on success or after MAX_ATTEMPTS wrong codes. */
  async answer(challenge: string, code: string): Promise<number> {
    const key = challengeKey(challenge);
    const raw = await this.redis.get(key);
    if (!raw) throw new UnauthenticatedError(E.TOTP_CHALLENGE_INVALID, '验证已过期，请重新登录');
    const state = JSON.parse(raw) as { userId: number };
    try {
      await this.repo.transactionally(async () => {
        const row = await this.repo.findTotp(state.userId, true);
        if (!row?.confirmedAt) throw new UnauthenticatedError(E.TOTP_CHALLENGE_INVALID, '验证已过期，请重新登录');
        const step = this.check(row.secret, code, row.lastStep);
        await this.repo.updateTotp(state.userId, { lastStep: step });
      });
    } catch (e) {
      if (e instanceof ValidationError && e.code === E.TOTP_CODE_INVALID) await this.countWrong(key);
      throw e;
    }
    await this.redis.del(key, `${key}:wrong`);
    return state.userId;
  }

  /** The time step of a valid code, newer than the last one used; otherwise 400 TOTP_CODE_INVALID. */
  private check(secret: string, code: string, lastStep: number | null): number {
    const epoch = Math.floor(this.clock.now().getTime() / 1000);
    const result = verifySync({ secret, token: code, epoch, epochTolerance: TOLERANCE_SECONDS, ...(lastStep != null ? { afterTimeStep: lastStep } : {}) });
    // 400, not 401: a mistyped code must not end the session of someone confirming an enrolment.
    if (!result.valid) throw new ValidationError(E.TOTP_CODE_INVALID, '动态口令不正确或已使用，请输入身份验证器上当前的 6 位数字');
    // TOTP's result carries the step (HOTP's, the other member of otplib's union, does not).
    return 'timeStep' in result ? result.timeStep : Math.floor(epoch / 30);
  }
}

const enrolKey = (challenge: string) => `totp-enrol:${createHash('sha256').update(challenge).digest('hex')}`;

/** The otpauth URI as a QR code: an SVG (uqr) in a data URL, shown as an image by the mini-program and H5 alike. */
export const qrDataUrl = (text: string): string => `data:image/svg+xml;base64,${Buffer.from(renderSVG(text, { border: 2 })).toString('base64')}`;

const challengeKey = (challenge: string) => `totp-challenge:${createHash('sha256').update(challenge).digest('hex')}`;
