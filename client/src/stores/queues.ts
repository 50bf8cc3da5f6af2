import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { QueueView, TelephonyStatusView } from '../../../server/realtime/contract';
import type { EventOf } from '../realtime/events';

export type QueuesEvent = EventOf<'queues:snapshot'>;

/** Live queues as the server last described them (`queues:snapshot`, coalesced). */
export const useQueuesStore = defineStore('queues', () => {
  const queues = ref<QueueView[]>([]);
  const received = ref(false);
  /** The PBX link when the snapshot was taken: anything but connected makes the picture stale. */
  const link = ref<TelephonyStatusView | null>(null);
  /** Server clock minus ours, so waits tick from the server's timestamps even on a skewed screen. */
  const skewMs = ref(0);

  function apply(event: QueuesEvent): void {
    switch (event.name) {
      case 'queues:snapshot':
        queues.value = event.data.queues;
        received.value = true;
        if (event.data.link) link.value = event.data.link;
        if (event.data.at) skewMs.value = Date.parse(event.data.at) - Date.now();
        return;
      default:
        // a one-member union narrows by its discriminant only
        event.name satisfies never;
    }
  }

  /** Callers waiting in the queues where `iface` is a member; null until a snapshot arrived. */
  function waitingFor(iface: string | null | undefined): number | null {
    if (!received.value) return null;
    const mine = iface ? queues.value.filter((q) => q.members.some((m) => m.interface === iface)) : [];
    const scope = mine.length > 0 ? mine : queues.value;
    return scope.reduce((sum, q) => sum + q.waiting.length, 0);
  }

  function reset(): void {
    queues.value = [];
    received.value = false;
    link.value = null;
    skewMs.value = 0;
  }

  return { queues, received, link, skewMs, apply, waitingFor, reset };
});
