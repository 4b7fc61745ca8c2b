import Taro from '@tarojs/taro';
import { currentUserSchema, type CurrentUser, type Role, type Session } from '@shared/identity/identity.schemas';

/** Storage keys of the signed-in session; everything about "who am I" on the device lives here. */
const TOKEN_KEY = 'auth.token';
const EXPIRES_KEY = 'auth.expiresAt';
const USER_KEY = 'auth.user';
const ROLE_KEY = 'auth.currentRole';

export const LOGIN_URL = '/pages/login/index';
export const HOME_URL = '/pages/home/index';
export const ME_URL = '/pages/me/index';

function readString(key: string): string | null {
  const value: unknown = Taro.getStorageSync(key);
  return typeof value === 'string' && value !== '' ? value : null;
}

export function saveSession(session: Session): void {
  Taro.setStorageSync(TOKEN_KEY, session.token);
  Taro.setStorageSync(EXPIRES_KEY, session.expiresAt);
  cacheUser(session.user);
}

/** The bearer token, or null when there is none or it has expired (then the session is cleared). */
export function getToken(): string | null {
  const token = readString(TOKEN_KEY);
  if (!token) return null;
  const expiresAt = readString(EXPIRES_KEY);
  if (expiresAt && Date.parse(expiresAt) <= Date.now()) {
    clearSession();
    return null;
  }
  return token;
}

/** Keeps the chosen role: the same person switching devices picks again, which is fine. */
export function clearSession(): void {
  Taro.removeStorageSync(TOKEN_KEY);
  Taro.removeStorageSync(EXPIRES_KEY);
  Taro.removeStorageSync(USER_KEY);
}

export function cacheUser(user: CurrentUser): void {
  Taro.setStorageSync(USER_KEY, JSON.stringify(user));
}

/** The user as last seen by the server, for a first paint before GET /api/me answers. */
export function getCachedUser(): CurrentUser | null {
  const raw = readString(USER_KEY);
  if (!raw) return null;
  try {
    const parsed = currentUserSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The role the user acts in now: the remembered one if they still hold it, else their first. */
export function getCurrentRole(user: CurrentUser): Role | null {
  const stored = readString(ROLE_KEY);
  const held = user.roles.find((r) => r === stored);
  return held ?? user.roles[0] ?? null;
}

export function setCurrentRole(role: Role): void {
  Taro.setStorageSync(ROLE_KEY, role);
}

function currentRoute(): string {
  const pages = Taro.getCurrentPages();
  const top = pages[pages.length - 1];
  return top?.route ?? '';
}

/** Sends the user to sign in, unless they are already there. */
export function goToLogin(): void {
  if (currentRoute().includes('pages/login/index')) return;
  void Taro.reLaunch({ url: LOGIN_URL });
}

/** Page guard: true when signed in; otherwise redirects to sign-in and answers false. */
export function requireSession(): boolean {
  if (getToken()) return true;
  goToLogin();
  return false;
}
