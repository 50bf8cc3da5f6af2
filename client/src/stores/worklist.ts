import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { callsApi } from '../api/calls';
import { worklistApi, type AbandonedOutcome, type WorklistEntry } from '../api/supervisor';
import type { EventOf } from '../realtime/events';

/**
 * The abandoned-caller worklist: `load()` from REST, `apply()` of the server's "it changed" nudge. A callback
 * started here is remembered until its outcome is recorded: an answered callback takes the number off the
 * list at once, yet the outcome is still to be told.
 */
export const useWorklistStore = defineStore('worklist', () => {
  const items = ref<WorklistEntry[]>([]);
  const loaded = ref(false);
  const stale = ref(false);
  const pending = ref<{ number: string; callId: string | null } | null>(null);
  let latest = 0;

  /** The server's nudges so far: a list asked before the last one may not have it. */
  let changes = 0;

  async function load(): Promise<void> {
    const ticket = ++latest;
    const seen = changes;
    const result = await worklistApi.list();
    if (ticket !== latest) return;
    items.value = result.items;
    loaded.value = true;
    // Changed while this answer was on its way (it may predate the change): ask again rather than call it fresh.
    if (changes !== seen) return load();
    stale.value = false;
  }

  function apply(event: EventOf<'worklist:changed'>): void {
    switch (event.name) {
      case 'worklist:changed':
        changes++;
        stale.value = true;
        return;
      default:
        event.name satisfies never;
    }
  }

  async function callBack(number: string): Promise<void> {
    const { callId } = (await callsApi.originate(number)) as { callId: string };
    pending.value = { number, callId };
  }

  async function record(number: string, outcome: AbandonedOutcome): Promise<void> {
    const callId = pending.value?.number === number ? (pending.value.callId ?? undefined) : undefined;
    await worklistApi.outcome(number, outcome, callId);
    if (pending.value?.number === number) pending.value = null;
    await load();
  }

  /** The entry the outcome is still owed for, even when the list no longer has it. */
  const awaiting = computed(() => (pending.value && !items.value.some((i) => i.number === pending.value!.number) ? pending.value : null));

  /** After logout: callers' numbers do not stay in memory. */
  function reset(): void {
    latest++;
    items.value = [];
    loaded.value = false;
    stale.value = false;
    pending.value = null;
  }

  return { items, loaded, stale, pending, awaiting, load, apply, callBack, record, reset };
});
