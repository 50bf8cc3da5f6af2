import type { CurrentCall } from '../realtime/contract';

export interface Desk {
  call: CurrentCall;
  /** The call was classified while it was still going on: no wrap-up after it. */
  classifiedEarly: boolean;
}

/**
 * Each agent's current call, in memory: ringing, answered, or ended and waiting for its wrap-up. This (with
 * the PBX's member state) is what `agent:snapshot` sends on every connect, so a reload never loses a pop.
 */
export class Desks {
  private readonly byUser = new Map<number, Desk>();

  get(userId: number): Desk | null {
    return this.byUser.get(userId) ?? null;
  }

  /** The agent's desk if it holds this call. */
  holding(userId: number, callId: string): Desk | null {
    const desk = this.byUser.get(userId);
    return desk?.call.callId === callId ? desk : null;
  }

  set(userId: number, call: CurrentCall): Desk {
    const desk = { call, classifiedEarly: false };
    this.byUser.set(userId, desk);
    return desk;
  }

  clear(userId: number): void {
    this.byUser.delete(userId);
  }

  /** Users whose desk holds the call (ringall: several ring at once). */
  usersWith(callId: string): number[] {
    return [...this.byUser].filter(([, d]) => d.call.callId === callId).map(([userId]) => userId);
  }

  entries(): [number, Desk][] {
    return [...this.byUser];
  }
}
