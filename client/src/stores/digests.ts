import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { EventOf } from '../realtime/events';

/** The server's nudge that a weekly digest attempt was recorded; the digests page reloads on each. */
export const useDigestsStore = defineStore('digests', () => {
  const changes = ref(0);

  function apply(event: EventOf<'digests:changed'>): void {
    switch (event.name) {
      case 'digests:changed':
        changes.value++;
        return;
      default:
        event.name satisfies never;
    }
  }

  function reset(): void {
    changes.value = 0;
  }

  return { changes, apply, reset };
});
