import { useCallback, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import type { CurrentUser, Role } from '@shared/identity/identity.schemas';
import { fetchMe } from '../services/identity.api';
import { getCachedUser, getCurrentRole, requireSession, setCurrentRole } from '../services/session.store';

/**
 * The signed-in user and the role they act in, for the main-package pages: shown at once from the
 * cache, refreshed from /api/me each time the page is shown; no session → the sign-in page.
 */
export function useCurrentUser() {
  const [user, setUser] = useState<CurrentUser | null>(null);
  const [role, setRole] = useState<Role | null>(null);
  const [error, setError] = useState<unknown>(null);

  const show = useCallback((u: CurrentUser) => {
    setUser(u);
    setRole(getCurrentRole(u));
  }, []);

  const refresh = useCallback(() => {
    setError(null);
    fetchMe({ silent: true })
      .then(show)
      // With a cached user the page stays usable; a 401 has already sent the user to sign in.
      .catch((e: unknown) => { if (!getCachedUser()) setError(e); });
  }, [show]);

  useDidShow(() => {
    if (!requireSession()) return;
    const cached = getCachedUser();
    if (cached) show(cached);
    refresh();
  });

  const switchRole = useCallback((next: Role) => {
    setCurrentRole(next);
    setRole(next);
  }, []);

  return { user, role, error, refresh, switchRole };
}
