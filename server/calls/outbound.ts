import type { CallDialled, CallEnded, DialStatus } from '../../telephony';
import type { Desk, Desks } from '../agents/desks';
import type { CurrentCall, ServerToClientEvents } from '../realtime/contract';

export interface OutboundContext {
  desks: Desks;
  /** OUTBOUND_WRAP_UP: a call that reached the citizen is classified afterwards, the agent held until then. */
  wrapUp: boolean;
  /** Holds the agent's member for the wrap-up from the citizen's answer, as for a queue call. */
  hold(userId: number): Promise<void>;
  emit<E extends keyof ServerToClientEvents>(userId: number, event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
  pushSnapshot(userId: number): void;
}

/** What the console and the call log say of a click-to-call, from the citizen's leg. */
export type OutboundOutcome = 'answered' | 'busy' | 'no_answer' | 'failed';

const OUTCOME_OF: Partial<Record<DialStatus, OutboundOutcome>> = { answered: 'answered', busy: 'busy', no_answer: 'no_answer', failed: 'failed', cancelled: 'no_answer' };

/**
 * Click-to-call as a first-class call on the agent's desk: dialling (the agent's own phone rings) → ringing
 * (the citizen's phone rings) → answered → ended. One that reached the citizen is then classified like any other
 * call (the queue would otherwise offer the next caller the instant it ends), unless OUTBOUND_WRAP_UP is off.
 */
export function createOutbound(ctx: OutboundContext) {
  const owners = new Map<string, number>();
  // Originate sent, its OriginateResponse not in yet: a call with no channel is no news then.
  const pending = new Set<string>();

  function deskOf(callId: string) {
    const userId = owners.get(callId);
    const desk = userId === undefined ? null : ctx.desks.holding(userId, callId);
    return userId === undefined || !desk ? null : { userId, desk };
  }

  function end(userId: number, callId: string, done: { endedAt: string; talkSeconds: number | null; outcome: OutboundOutcome; reason?: string }): void {
    owners.delete(callId);
    pending.delete(callId);
    if (!ctx.desks.holding(userId, callId)) return;
    ctx.desks.clear(userId);
    ctx.emit(userId, 'call:ended', { callId, ...done });
    ctx.pushSnapshot(userId);
  }

  /** Ended after the citizen talked: the desk keeps the call (`ended`) until it is classified. */
  function wrapUpAfter(userId: number, desk: Desk, done: { endedAt: string; talkSeconds: number | null; outcome: OutboundOutcome }): void {
    owners.delete(desk.call.callId);
    desk.call = { ...desk.call, state: 'ended', endedAt: done.endedAt };
    ctx.emit(userId, 'call:ended', { callId: desk.call.callId, ...done });
    ctx.pushSnapshot(userId);
  }

  return {
    owns: (callId: string) => owners.has(callId),

    originating: (callId: string) => pending.has(callId),
    settled: (callId: string) => void pending.delete(callId),

    start(userId: number, call: CurrentCall): void {
      owners.set(call.callId, userId);
      pending.add(call.callId);
      ctx.desks.set(userId, call);
      ctx.pushSnapshot(userId);
    },

    dialled(e: CallDialled): void {
      const found = deskOf(e.callId);
      if (!found) return;
      const { userId, desk } = found;
      if (e.status === 'ringing') desk.call = { ...desk.call, state: 'ringing' };
      else if (e.status === 'answered') {
        desk.call = { ...desk.call, state: 'answered', answeredAt: e.at, outcome: 'answered' };
        ctx.emit(userId, 'call:answered', { callId: e.callId, answeredAt: e.at });
        if (ctx.wrapUp) void ctx.hold(userId);
      } else desk.call = { ...desk.call, outcome: OUTCOME_OF[e.status] ?? 'failed' };
      ctx.pushSnapshot(userId);
    },

    ended(e: CallEnded): void {
      const found = deskOf(e.callId);
      if (!found) return;
      const { userId, desk } = found;
      // Ended while still dialling: the agent's own phone never picked up, so the citizen was not called.
      const reason = desk.call.state === 'dialling' ? 'agent_phone_unanswered' : undefined;
      const outcome = (desk.call.outcome as OutboundOutcome | null | undefined) ?? (reason ? 'failed' : 'no_answer');
      const done = { endedAt: e.at, talkSeconds: outcome === 'answered' ? e.talkSeconds : null, outcome, reason };
      if (outcome === 'answered' && ctx.wrapUp && !desk.classifiedEarly) return wrapUpAfter(userId, desk, done);
      end(userId, e.callId, done);
    },

    /** The PBX refused the origination outright (no channel was made): the agent's screen says why. */
    refused(callId: string, reason: string): void {
      const found = deskOf(callId);
      if (found) end(found.userId, callId, { endedAt: new Date().toISOString(), talkSeconds: null, outcome: 'failed', reason });
    },
  };
}
export type Outbound = ReturnType<typeof createOutbound>;
