import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { RequestChange } from '../../../server/realtime/contract';
import { useSocket } from '../composables/useSocket';
import type { EventOf } from '../realtime/events';

export type RequestUpdatesEvent = EventOf<'request:changed'>;

/**
 * Live request changes from the socket. The message names the request and its new version only; screens
 * that show the request read it again over HTTP, where the server decides what their role may see.
 */
export const useRequestUpdatesStore = defineStore('requestUpdates', () => {
  /** The latest change per request id, for pages that watch one request. */
  const latest = shallowRef<ReadonlyMap<number, RequestChange>>(new Map());
  /** Every change bumps this, so lists can react to any of them. */
  const last = ref<RequestChange | null>(null);
  const watched = new Set<number>();

  function apply(event: RequestUpdatesEvent): void {
    switch (event.name) {
      case 'request:changed': {
        const next = new Map(latest.value);
        next.set(event.data.id, event.data);
        latest.value = next;
        last.value = event.data;
        return;
      }
      default:
        event.name satisfies never;
    }
  }

  function join(id: number): void {
    const socket = useSocket().socket.value;
    if (socket?.connected) socket.emit('request:watch', { id }, () => undefined);
  }

  /** Follows a request while its page is open; rejoined after every reconnect (see `rejoin`). */
  function watch(id: number): void {
    watched.add(id);
    join(id);
  }

  function unwatch(id: number): void {
    watched.delete(id);
    useSocket().socket.value?.emit('request:unwatch', { id });
  }

  function rejoin(): void {
    for (const id of watched) join(id);
  }

  function reset(): void {
    latest.value = new Map();
    last.value = null;
    watched.clear();
  }

  return { latest, last, apply, watch, unwatch, rejoin, reset };
});
