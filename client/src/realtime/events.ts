import type { ServerToClientEvents } from '../../../server/realtime/contract';

export type EventName = keyof ServerToClientEvents;

/** A socket event as one value: `{ name, data }`, discriminated by `name`, like telephony's domain events. */
export type RealtimeEvent = {
  [K in EventName]: { name: K; data: Parameters<ServerToClientEvents[K]>[0] };
}[EventName];

export type EventOf<K extends EventName> = Extract<RealtimeEvent, { name: K }>;
