import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { TelephonyStatusView } from '../../../server/realtime/contract';
import type { EventOf } from '../realtime/events';

export type TelephonyEvent = EventOf<'telephony:status'>;

/** Whether the phone system is reachable, as the server last said; calls and cards stay as they were meanwhile. */
export const useTelephonyStore = defineStore('telephony', () => {
  const status = ref<TelephonyStatusView | null>(null);
  /** Unknown until the server says: no alarm before the first word. */
  const down = computed(() => status.value !== null && status.value.state !== 'connected' && status.value.state !== 'standby');

  function apply(event: TelephonyEvent): void {
    switch (event.name) {
      case 'telephony:status':
        status.value = event.data;
        return;
      default:
        event.name satisfies never;
    }
  }

  function reset(): void {
    status.value = null;
  }

  return { status, down, apply, reset };
});
