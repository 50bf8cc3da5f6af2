import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { AgentState, CallerCard, CurrentCall, RequestChange } from '../../../server/realtime/contract';
import { callsApi, type MyCall, type WrapUp } from '../api/calls';
import { outagesApi } from '../api/outages';
import { useSocket } from '../composables/useSocket';
import type { EventOf } from '../realtime/events';

export type CallsEvent = EventOf<'agent:snapshot' | 'call:offered' | 'call:card' | 'call:answered' | 'call:retracted' | 'call:ended'>;

export interface ConsoleCall extends CurrentCall {
  talkSeconds: number | null;
}

export interface RegisteredRequest {
  callId: string;
  id: number;
  number: string;
}

export class PauseError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** The agent's own phone: state, the current call with its card, wrap-up, recent calls. */
export const useCallsStore = defineStore('calls', () => {
  const agentState = ref<AgentState>('offline');
  const pausedReason = ref<string | null>(null);
  const call = ref<ConsoleCall | null>(null);
  const lastRetract = ref<{ callId: string; reason: string } | null>(null);
  /** How my last click-to-call ended (answered, busy, no_answer, failed) and why it failed. */
  const lastOutbound = ref<{ callId: string; outcome: string; reason: string | null } | null>(null);
  const registered = ref<RegisteredRequest | null>(null);
  /** Calls classified before they ended (e.g. attached from the card mid-call). */
  const classifiedEarly = ref<string[]>([]);
  const recentCalls = ref<MyCall[]>([]);
  const recentError = ref<unknown>(null);

  /** When this console saw my state change (the snapshot carries no time): the call bar's "in state" timer. */
  const stateSince = ref(new Date().toISOString());
  watch(agentState, () => (stateSince.value = new Date().toISOString()));

  const needsWrapUp = computed(() => call.value?.state === 'ended');
  const registeredForCall = computed(() =>
    registered.value && call.value && registered.value.callId === call.value.callId ? registered.value : null,
  );

  function idleState(): AgentState {
    return pausedReason.value ? 'paused' : 'available';
  }

  function clearCall(): void {
    call.value = null;
    registered.value = null;
    classifiedEarly.value = [];
    agentState.value = idleState();
  }

  function isCurrent(callId: string): boolean {
    return call.value?.callId === callId;
  }

  function apply(event: CallsEvent): void {
    switch (event.name) {
      case 'agent:snapshot': {
        const { state, pausedReason: reason, call: current } = event.data;
        agentState.value = state;
        pausedReason.value = reason;
        if (!current) {
          call.value = null;
          registered.value = null;
        } else if (isCurrent(current.callId) && call.value) {
          call.value = { ...call.value, ...current, talkSeconds: call.value.talkSeconds };
        } else {
          call.value = { ...current, talkSeconds: null };
        }
        return;
      }
      case 'call:offered': {
        const offered = event.data;
        lastRetract.value = null;
        if (call.value && isCurrent(offered.callId)) {
          // a repeated or late offer never rewinds an answered call; it may bring a fuller card
          if (!offered.card.historyUnavailable) call.value = { ...call.value, card: offered.card };
          return;
        }
        call.value = { ...offered, state: 'ringing', answeredAt: null, endedAt: null, talkSeconds: null };
        registered.value = null;
        agentState.value = 'ringing';
        return;
      }
      case 'call:card': {
        if (call.value && isCurrent(event.data.callId)) call.value = { ...call.value, card: event.data.card };
        return;
      }
      case 'call:answered': {
        if (!call.value || !isCurrent(event.data.callId) || call.value.state === 'ended') return;
        call.value = { ...call.value, state: 'answered', answeredAt: event.data.answeredAt };
        agentState.value = 'in_call';
        return;
      }
      case 'call:retracted': {
        if (!call.value || !isCurrent(event.data.callId) || call.value.state !== 'ringing') return;
        lastRetract.value = { callId: event.data.callId, reason: event.data.reason };
        clearCall();
        void load();
        return;
      }
      case 'call:ended': {
        if (!call.value || !isCurrent(event.data.callId) || call.value.state === 'ended') return;
        if (call.value.direction === 'out') {
          lastOutbound.value = { callId: event.data.callId, outcome: event.data.outcome ?? 'failed', reason: event.data.reason ?? null };
          // Only one that reached the citizen is wrapped up (the server's next snapshot frees it if its setting says no).
          if (event.data.outcome !== 'answered' || classifiedEarly.value.includes(event.data.callId)) {
            clearCall();
            void load();
            return;
          }
        }
        // "my recent calls" must not keep showing this call as ongoing
        void load();
        if (call.value.state === 'ringing') {
          lastRetract.value = { callId: event.data.callId, reason: 'caller_left' };
          clearCall();
          return;
        }
        if (classifiedEarly.value.includes(event.data.callId)) {
          clearCall();
          return;
        }
        call.value = { ...call.value, state: 'ended', endedAt: event.data.endedAt, talkSeconds: event.data.talkSeconds };
        agentState.value = 'wrap_up';
        return;
      }
      default:
        event satisfies never;
    }
  }

  /** REST side, run on every (re)connect: my recent calls. The current call comes with `agent:snapshot`. */
  async function load(): Promise<void> {
    try {
      recentCalls.value = (await callsApi.mine()).items;
      recentError.value = null;
    } catch (error) {
      recentError.value = error;
    }
  }

  /** Classifies the current call; after the call has ended this frees the agent for the next one. */
  async function classify(wrapUp: WrapUp): Promise<void> {
    const current = call.value;
    if (!current) return;
    await callsApi.wrapUp(current.callId, wrapUp);
    if (current.state === 'ended') {
      clearCall();
      void load();
    } else {
      classifiedEarly.value = [...classifiedEarly.value, current.callId];
    }
  }

  /** Classifies the current call by attaching it to an outage's mass incident (no new request). */
  async function attachToOutage(outageId: number): Promise<void> {
    const current = call.value;
    if (!current) return;
    await outagesApi.attach(outageId, current.callId);
    if (current.state === 'ended') {
      clearCall();
      void load();
    } else {
      classifiedEarly.value = [...classifiedEarly.value, current.callId];
    }
  }

  function rememberRegistered(request: { id: number; number: string }): void {
    if (!call.value) return;
    registered.value = { callId: call.value.callId, id: request.id, number: request.number };
    // Registered from the call while it goes on: the call is classified, no wrap-up after it (as the server sees it).
    if (call.value.state !== 'ended' && !classifiedEarly.value.includes(call.value.callId)) classifiedEarly.value = [...classifiedEarly.value, call.value.callId];
  }

  /** Hangs up my current call from the console (the PBX hangs up every leg). */
  async function hangup(): Promise<void> {
    if (call.value) await callsApi.hangup(call.value.callId);
  }

  /** Steps me out of my queues or back in; resolves once the server acknowledged it. */
  async function changeQueue(loggedIn: boolean): Promise<void> {
    const socket = useSocket().socket.value;
    if (!socket) throw new PauseError('offline', 'No connection to the server');
    const reply = await socket.timeout(8000).emitWithAck('agent:queue', { loggedIn });
    if (!reply.ok) throw new PauseError(reply.error.code, reply.error.message);
  }

  /** After a request is registered from the call, the card shows the caller the city now knows. */
  function knowCaller(callId: string, card: CallerCard): void {
    if (call.value && isCurrent(callId)) call.value = { ...call.value, card };
  }

  /** A request on the card changed elsewhere (an executor started it, a supervisor closed it). */
  function applyRequestChange(change: RequestChange): void {
    const current = call.value;
    if (!current) return;
    const patch = <T extends { id: number; status: string }>(list: T[]) => list.map((r) => (r.id === change.id ? { ...r, status: change.status } : r));
    const touches = [...current.card.openRequests, ...current.card.recentRequests].some((r) => r.id === change.id);
    if (touches) call.value = { ...current, card: { ...current.card, openRequests: patch(current.card.openRequests), recentRequests: patch(current.card.recentRequests) } };
  }

  function setPaused(paused: boolean, reason: string | null): void {
    pausedReason.value = paused ? reason : null;
    if (agentState.value === 'available' || agentState.value === 'paused' || agentState.value === 'offline') {
      agentState.value = paused ? 'paused' : 'available';
    }
  }

  /** Pauses or resumes me in my queues through the socket; resolves once the server acknowledged it. */
  async function changePause(paused: boolean, reason?: string): Promise<void> {
    const socket = useSocket().socket.value;
    if (!socket) throw new PauseError('offline', 'No connection to the server');
    const reply = await socket.timeout(8000).emitWithAck('agent:pause', reason ? { paused, reason } : { paused });
    if (!reply.ok) throw new PauseError(reply.error.code, reply.error.message);
    setPaused(paused, paused ? (reason ?? null) : null);
  }

  function reset(): void {
    agentState.value = 'offline';
    pausedReason.value = null;
    call.value = null;
    registered.value = null;
    lastRetract.value = null;
    lastOutbound.value = null;
    classifiedEarly.value = [];
    recentCalls.value = [];
  }

  function isClassifiedEarly(callId: string): boolean {
    return classifiedEarly.value.includes(callId);
  }

  return {
    agentState, stateSince, pausedReason, call, lastRetract, lastOutbound, registered, registeredForCall, recentCalls, recentError, needsWrapUp,
    apply, load, classify, attachToOutage, rememberRegistered, setPaused, changePause, changeQueue, hangup, reset, isClassifiedEarly, knowCaller, applyRequestChange,
  };
});
