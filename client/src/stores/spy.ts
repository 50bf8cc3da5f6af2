import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CoachingSessionView } from '../../../server/realtime/contract';
import { coachingApi, type SpyMode } from '../api/coaching';
import { ApiError } from '../api/http';
import type { EventOf } from '../realtime/events';

export type SpyEvent = EventOf<'coach:session'>;

/**
 * The supervisor's own listen / whisper / barge session, as the server last told (`coach:session`) or
 * answered. The server can end it on its own (the agent hung up, the supervisor's phone did not answer).
 */
export const useSpyStore = defineStore('spy', () => {
  const session = ref<CoachingSessionView | null>(null);
  /** Why the last session ended (`hung_up`, `supervisor_no_answer`, ...), until the next one starts. */
  const endedBecause = ref<string | null>(null);
  const busy = ref(false);
  const error = ref<unknown>(null);
  // A session the socket said is over is never brought back by a late HTTP answer.
  const ended = new Set<string>();
  /** The socket's word on the session so far: an answer asked before the last one is older than it. */
  let told = 0;

  function apply(event: SpyEvent): void {
    switch (event.name) {
      case 'coach:session': {
        told++;
        const { session: next, reason } = event.data;
        if (next === null) {
          if (session.value) ended.add(session.value.sessionId);
          session.value = null;
          endedBecause.value = reason ?? null;
        } else if (!ended.has(next.sessionId)) {
          session.value = next;
          endedBecause.value = null;
        }
        return;
      }
      default:
        event.name satisfies never;
    }
  }

  async function load(): Promise<void> {
    const seen = told;
    const answer = await coachingApi.current().catch(() => null);
    if (answer && seen === told) session.value = answer.session && !ended.has(answer.session.sessionId) ? answer.session : null;
  }

  async function act(work: () => Promise<void>): Promise<void> {
    if (busy.value) return;
    busy.value = true;
    error.value = null;
    try {
      await work();
    } catch (failure) {
      error.value = failure;
    } finally {
      busy.value = false;
    }
  }

  const start = (agentUserId: number, mode: SpyMode) => act(async () => {
    endedBecause.value = null;
    const { sessionId } = await coachingApi.start(agentUserId, mode);
    if (!ended.has(sessionId) && session.value?.sessionId !== sessionId) session.value = { sessionId, agentUserId, mode, since: null };
  });

  const switchTo = (mode: SpyMode) => act(async () => {
    const current = session.value;
    if (!current) return;
    await coachingApi.change(current.sessionId, mode);
    if (session.value?.sessionId === current.sessionId) session.value = { ...session.value, mode };
  });

  const stop = () => act(async () => {
    const current = session.value;
    if (!current) return;
    // 404: it had already ended on the server; either way it is over here.
    await coachingApi.stop(current.sessionId).catch((failure: unknown) => {
      if (!(failure instanceof ApiError && failure.status === 404)) throw failure;
    });
    ended.add(current.sessionId);
    if (session.value?.sessionId === current.sessionId) session.value = null;
    endedBecause.value = 'stopped';
  });

  function reset(): void {
    session.value = null;
    endedBecause.value = null;
    error.value = null;
    ended.clear();
  }

  return { session, endedBecause, busy, error, apply, load, start, switchTo, stop, reset };
});
