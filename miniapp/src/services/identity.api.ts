import Taro from '@tarojs/taro';
import {
  currentUserSchema, demoUsersSchema, sessionSchema, signInResultSchema, totpEnrolmentSchema, totpStatusSchema,
  type CurrentUser, type DemoUser, type Session, type SignInResult, type TotpChallenge, type TotpEnrolment, type TotpEnrolmentRequired, type TotpStatus,
} from '@shared/identity/identity.schemas';
import { ApiError, http, requestNoContent } from './http';
import { cacheUser, clearSession, saveSession } from './session.store';

/**
 * Demo users, or null when the server runs with a production config (it answers the route with
 * its own 404 envelope). Any other failure is thrown, so the page can offer a retry.
 */
export async function fetchDemoUsers(): Promise<DemoUser[] | null> {
  try {
    const { items } = await http.get('/api/auth/demo-users', demoUsersSchema, { silent: true });
    return items;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && error.fromServer) return null;
    throw error;
  }
}

/**
 * A sign-in either gives the session, or (an enrolled administrator or supervisor) asks for the TOTP code
 * first, or (one who must hold a second factor and has none) asks them to bind an authenticator first.
 */
export type SignInOutcome =
  | { kind: 'session'; session: Session }
  | { kind: 'totp'; challenge: TotpChallenge }
  | { kind: 'totp-enrol'; enrolment: TotpEnrolmentRequired };

function settle(result: SignInResult): SignInOutcome {
  if ('totpRequired' in result) return { kind: 'totp', challenge: result };
  if ('totpEnrolmentRequired' in result) return { kind: 'totp-enrol', enrolment: result };
  saveSession(result);
  return { kind: 'session', session: result };
}

export async function demoLogin(userId: number): Promise<SignInOutcome> {
  return settle(await http.post('/api/auth/demo-login', { userId }, signInResultSchema));
}

/** The second step: the 6-digit code from the authenticator app. */
export async function verifyTotp(challenge: string, code: string): Promise<Session> {
  // Silent: the prompt shows a wrong code beside the field.
  const session = await http.post('/api/auth/totp/verify', { challenge, code }, sessionSchema, { silent: true });
  saveSession(session);
  return session;
}

/** The enrolment at sign-in: the authenticator's first code binds it and opens the session. */
export async function verifyTotpEnrolment(challenge: string, code: string): Promise<Session> {
  const session = await http.post('/api/auth/totp/enrol-verify', { challenge, code }, sessionSchema, { silent: true });
  saveSession(session);
  return session;
}

export const fetchTotpStatus = (): Promise<TotpStatus> => http.get('/api/auth/totp', totpStatusSchema, { silent: true });
export const enrolTotp = (): Promise<TotpEnrolment> => http.post('/api/auth/totp/enrol', {}, totpEnrolmentSchema);
export const confirmTotp = (code: string): Promise<TotpStatus> => http.post('/api/auth/totp/confirm', { code }, totpStatusSchema, { silent: true });

/** WeChat only: wx.login gives a one-time code that the server exchanges for the openid. */
export async function wxLogin(): Promise<SignInOutcome> {
  const { code } = await Taro.login();
  if (!code) throw new ApiError(0, 'WX_LOGIN_FAILED', '微信登录失败，请重试', false);
  return settle(await http.post('/api/auth/wx-login', { code }, signInResultSchema));
}

/** Signs out on the server when it can; the device forgets the session either way. */
export async function logout(): Promise<void> {
  try {
    await requestNoContent('POST', '/api/auth/logout', { silent: true });
  } finally {
    clearSession();
  }
}

export async function fetchMe(options: { silent?: boolean } = {}): Promise<CurrentUser> {
  const user = await http.get('/api/me', currentUserSchema, options);
  cacheUser(user);
  return user;
}
