import Taro from '@tarojs/taro';
import {
  currentUserSchema, demoUsersSchema, sessionSchema,
  type CurrentUser, type DemoUser, type Session,
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

export async function demoLogin(userId: number): Promise<Session> {
  const session = await http.post('/api/auth/demo-login', { userId }, sessionSchema);
  saveSession(session);
  return session;
}

/** WeChat only: wx.login gives a one-time code that the server exchanges for the openid. */
export async function wxLogin(): Promise<Session> {
  const { code } = await Taro.login();
  if (!code) throw new ApiError(0, 'WX_LOGIN_FAILED', '微信登录失败，请重试', false);
  const session = await http.post('/api/auth/wx-login', { code }, sessionSchema);
  saveSession(session);
  return session;
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
