import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { authApi } from '../api/auth';
import { ApiError } from '../api/http';
import type { Role, User } from '../api/types';

/** Who is signed in. `check()` runs once on boot; login/logout start and stop the realtime link. */
export const useSessionStore = defineStore('session', () => {
  const user = ref<User | null>(null);
  const checked = ref(false);
  const checkFailed = ref(false);
  let checking: Promise<User | null> | null = null;
  const loginListeners = new Set<(user: User) => void>();
  const logoutListeners = new Set<() => void>();

  const role = computed<Role | null>(() => user.value?.role ?? null);
  const isSignedIn = computed(() => user.value !== null);

  function signedIn(next: User): void {
    user.value = next;
    for (const listener of loginListeners) listener(next);
  }

  function check(): Promise<User | null> {
    checking ??= authApi
      .session()
      .then(({ user: me }) => {
        if (me) signedIn(me);
        else user.value = null;
        return me;
      })
      .catch((error: unknown) => {
        // a server that cannot be reached also lands on the login page, which says so
        checkFailed.value = !(error instanceof ApiError && error.status === 401);
        user.value = null;
        return null;
      })
      .finally(() => {
        checked.value = true;
      });
    return checking;
  }

  async function login(username: string, password: string): Promise<User> {
    const { user: me } = await authApi.login(username, password);
    checked.value = true;
    signedIn(me);
    return me;
  }

  function forget(): void {
    user.value = null;
    checking = null;
    for (const listener of logoutListeners) listener();
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout();
    } finally {
      forget();
    }
  }

  function onLogin(listener: (user: User) => void): void {
    loginListeners.add(listener);
  }
  function onLogout(listener: () => void): void {
    logoutListeners.add(listener);
  }

  return { user, checked, checkFailed, role, isSignedIn, check, login, logout, forget, onLogin, onLogout };
});
