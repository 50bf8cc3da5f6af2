import { io, type Socket } from 'socket.io-client';
import { ref, shallowRef } from 'vue';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../server/realtime/contract';

export type ConsoleSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One socket for the whole console: same origin, authenticated by the session cookie. */
const socket = shallowRef<ConsoleSocket | null>(null);
const connected = ref(false);
const connectListeners = new Set<(s: ConsoleSocket) => void>();

function connect(): ConsoleSocket {
  if (socket.value) return socket.value;
  const created: ConsoleSocket = io({ path: '/socket.io', withCredentials: true, transports: ['websocket', 'polling'] });
  created.on('connect', () => {
    connected.value = true;
    for (const listener of connectListeners) listener(created);
  });
  created.on('disconnect', () => {
    connected.value = false;
  });
  socket.value = created;
  return created;
}

function disconnect(): void {
  socket.value?.removeAllListeners();
  socket.value?.disconnect();
  socket.value = null;
  connected.value = false;
}

/** Runs `listener` on every (re)connect, which is when stores reload from REST. */
function onConnect(listener: (s: ConsoleSocket) => void): () => void {
  connectListeners.add(listener);
  return () => connectListeners.delete(listener);
}

export function useSocket() {
  return { socket, connected, connect, disconnect, onConnect };
}
