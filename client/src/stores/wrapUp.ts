import { defineStore } from 'pinia';
import { ref } from 'vue';
import { callsApi } from '../api/calls';

/**
 * The wrap-up's quick topics: the agent's most used ones, numbered 1–9 in the form, and the one a digit key picked
 * (on any page; the form on the Calls page takes it up).
 */
export const useWrapUpStore = defineStore('wrapUp', () => {
  const topics = ref<string[]>([]);
  /** `seq` tells a second press of the same digit from none (the form takes it up again). */
  const picked = ref<{ callId: string; code: string; seq: number } | null>(null);
  let loading = 0;

  /** Refetched for each call: a load that a newer one overtook does not overwrite it. */
  async function load(): Promise<void> {
    const mine = ++loading;
    try {
      const { items } = await callsApi.myTopics();
      if (mine === loading) topics.value = items.map((i) => i.code);
    } catch {
      // Without the list the digits do nothing; the form's topic search still classifies.
    }
  }

  /** The topic on digit `digit` (1-based) for the call, or false when there is none. */
  function pick(callId: string, digit: number): boolean {
    const code = topics.value[digit - 1];
    if (!code) return false;
    picked.value = { callId, code, seq: (picked.value?.seq ?? 0) + 1 };
    return true;
  }

  return { topics, picked, load, pick };
});
