import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { QueueView } from '../../../server/realtime/contract';
import type { EventOf } from '../realtime/events';

export type QueuesEvent = EventOf<'queues:snapshot'>;

/** Live queues as the server last described them (`queues:snapshot`, coalesced). */
export const useQueuesStore = defineStore('queues', () => {
  const queues = ref<QueueView[]>([]);
  const received = ref(false);

  function apply(event: QueuesEvent): void {
    switch (event.name) {
      case 'queues:snapshot':
        queues.value = event.data.queues;
        received.value = true;
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
  }

  return { queues, received, apply, waitingFor, reset };
});
