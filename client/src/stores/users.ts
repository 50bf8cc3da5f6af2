import { defineStore } from 'pinia';
import { reactive, ref, shallowRef } from 'vue';
import { usersApi, type AdminUser, type NewUserBody, type UserPatchBody } from '../api/users';
import type { Role } from '../api/types';

export const USERS_PAGE_SIZE = 25;

/** The admin's user list: filters, one page, and the changes made from it (each one re-reads the page). */
export const useUsersStore = defineStore('users', () => {
  const filters = reactive({ q: '', role: '' as Role | '', active: 'true' as '' | 'true' | 'false' });
  const page = ref(1);
  const items = shallowRef<AdminUser[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const error = ref<unknown>(null);
  /** The password of the last reset, shown once and then forgotten. */
  const revealed = ref<{ userId: number; username: string; password: string } | null>(null);
  let ticket = 0;

  async function load(): Promise<void> {
    const mine = ++ticket;
    loading.value = true;
    try {
      const result = await usersApi.list({
        q: filters.q.trim() || undefined, role: filters.role || undefined,
        active: filters.active === '' ? undefined : filters.active === 'true', page: page.value, pageSize: USERS_PAGE_SIZE,
      });
      if (mine !== ticket) return;
      items.value = result.items;
      total.value = result.total;
      error.value = null;
    } catch (failure) {
      if (mine === ticket) error.value = failure;
    } finally {
      if (mine === ticket) loading.value = false;
    }
  }

  function search(): Promise<void> {
    page.value = 1;
    return load();
  }

  function goTo(next: number): Promise<void> {
    page.value = next;
    return load();
  }

  async function create(body: NewUserBody): Promise<AdminUser> {
    const user = await usersApi.create(body);
    await load();
    return user;
  }

  async function update(id: number, patch: UserPatchBody): Promise<AdminUser> {
    const user = await usersApi.update(id, patch);
    await load();
    return user;
  }

  async function deactivate(id: number): Promise<void> {
    await usersApi.deactivate(id);
    await load();
  }

  async function reactivate(id: number): Promise<void> {
    await usersApi.reactivate(id);
    await load();
  }

  async function unlock(id: number): Promise<void> {
    await usersApi.unlock(id);
    await load();
  }

  async function resetPassword(id: number): Promise<void> {
    const { user, password } = await usersApi.resetPassword(id);
    revealed.value = { userId: user.id, username: user.username, password };
  }

  function forgetPassword(): void {
    revealed.value = null;
  }

  return { filters, page, items, total, loading, error, revealed, load, search, goTo, create, update, deactivate, reactivate, unlock, resetPassword, forgetPassword };
});
