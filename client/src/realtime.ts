import type { Pinia } from 'pinia';
import { useSocket } from './composables/useSocket';

/** Connects the socket after login and lets the stores load and listen. */
export function startRealtime(_pinia: Pinia): void {
  const { connect } = useSocket();
  connect();
}

export function stopRealtime(_pinia: Pinia): void {
  useSocket().disconnect();
}
