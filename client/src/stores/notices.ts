import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { noticesApi, type Notice } from '../api/notices';
import type { EventOf } from '../realtime/events';

/**
 * The active information notices: `load()` from REST (on the pages that show them, and again when the server
 * says one was published), `apply()` of `notice:published`, `ack()` when the agent has read one.
 */
export const useNoticesStore = defineStore('notices', () => {
  const items = ref<Notice[]>([]);
  const loaded = ref(false);
  /** Ids published while this console was open: shown as new until read. */
  const fresh = ref<number[]>([]);
  let latest = 0;

  async function load(): Promise<void> {
    const ticket = ++latest;
    const result = await noticesApi.list(true);
    if (ticket !== latest) return;
    items.value = result.items;
    loaded.value = true;
  }

  function apply(event: EventOf<'notice:published'>): void {
    switch (event.name) {
      case 'notice:published':
        if (!fresh.value.includes(event.data.id)) fresh.value = [...fresh.value, event.data.id];
        void load().catch(() => undefined);
        return;
      default:
        event.name satisfies never;
    }
  }

  async function ack(id: number): Promise<void> {
    await noticesApi.ack(id);
    items.value = items.value.map((n) => (n.id === id ? { ...n, acknowledged: true } : n));
    fresh.value = fresh.value.filter((x) => x !== id);
  }

  const unread = computed(() => items.value.filter((n) => !n.acknowledged));

  function reset(): void {
    latest++;
    items.value = [];
    loaded.value = false;
    fresh.value = [];
  }

  return { items, loaded, fresh, unread, load, apply, ack, reset };
});
