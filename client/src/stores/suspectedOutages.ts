import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { OutageSuspicionView } from '../../../server/realtime/contract';
import { outagesApi } from '../api/outages';
import type { EventOf } from '../realtime/events';

/** The spike detector's suspicions on the supervisor's live page and wallboard: `load()` from REST, `apply()` live. */
export const useSuspectedOutagesStore = defineStore('suspectedOutages', () => {
  const items = ref<OutageSuspicionView[]>([]);
  let latest = 0;
  let loading = false;

  async function load(): Promise<void> {
    const ticket = ++latest;
    loading = true;
    try {
      const result = await outagesApi.suspected();
      if (ticket === latest) items.value = result.items;
    } finally {
      if (ticket === latest) loading = false;
    }
  }

  function apply(event: EventOf<'outage:suspected'> | EventOf<'outage:suspicion-closed'>): void {
    switch (event.name) {
      case 'outage:suspected':
        // A grown burst replaces its earlier line; the newest first.
        items.value = [event.data, ...items.value.filter((s) => s.id !== event.data.id)];
        break;
      case 'outage:suspicion-closed':
        items.value = items.value.filter((s) => s.id !== event.data.id);
        break;
      default:
        event satisfies never;
    }
    // A load under way may have read the list before this event (the page opened, the socket connected): its answer
    // would take the event back. A load asked after it supersedes that one.
    if (loading) void load().catch(() => undefined);
  }

  async function declare(id: number): Promise<void> {
    await outagesApi.declare(id);
    items.value = items.value.filter((s) => s.id !== id);
  }

  async function dismiss(id: number): Promise<void> {
    await outagesApi.dismiss(id);
    items.value = items.value.filter((s) => s.id !== id);
  }

  function reset(): void {
    latest++;
    loading = false;
    items.value = [];
  }

  return { items, load, apply, declare, dismiss, reset };
});
