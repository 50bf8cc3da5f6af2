import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { EventOf } from '../realtime/events';

export type CoachingEvent = EventOf<'coach:started' | 'coach:ended'>;

/** Whether a supervisor is listening, whispering or barging in on my call (shown when COACHING_VISIBLE). */
export const useCoachingStore = defineStore('coaching', () => {
  const active = ref<{ sessionId: string; mode: 'listen' | 'whisper' | 'barge' } | null>(null);

  function apply(event: CoachingEvent): void {
    switch (event.name) {
      case 'coach:started':
        active.value = event.data;
        return;
      case 'coach:ended':
        if (active.value?.sessionId === event.data.sessionId) active.value = null;
        return;
      default:
        event satisfies never;
    }
  }

  return { active, apply, reset: () => (active.value = null) };
});
