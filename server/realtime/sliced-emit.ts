import type { ServerToClientEvents } from './contract';
import type { RealtimeServer } from './socket.types';

/** Rooms one slice of a broadcast writes to before the event loop gets a turn. */
export const ROOMS_PER_SLICE = 50;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A broadcast to many rooms (every agent's), written a slice of rooms at a time with a turn of the event loop
 * between slices. socket.io writes to every socket in one go: the agents' `queues:snapshot` to 200 consoles held
 * the loop for milliseconds each second, and an AMI frame arriving then (a pop) waited for all of it. The payload
 * is encoded once per slice instead of once.
 */
export async function emitSliced<E extends keyof ServerToClientEvents>(
  io: RealtimeServer, targets: readonly string[], event: E, ...args: Parameters<ServerToClientEvents[E]>
): Promise<void> {
  for (let from = 0; from < targets.length; from += ROOMS_PER_SLICE) {
    if (from > 0) await turn();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (io.to(targets.slice(from, from + ROOMS_PER_SLICE)).emit as any)(event, ...args);
  }
}
