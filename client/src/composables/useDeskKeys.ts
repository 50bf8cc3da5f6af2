import { nextTick, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute, useRouter } from 'vue-router';
import { useCallsStore } from '../stores/calls';
import { usePhoneStore } from '../stores/phone';
import { useRecordingsStore } from '../stores/recordings';
import { useWrapUpStore } from '../stores/wrapUp';
import { apiErrorKey } from '../utils/errors';
import { useHotKeys } from './useHotKeys';

/** Focuses what a page shows once it is there: after a page change the page renders, and the layout focuses main. */
async function focusSoon(selector: string, frames = 30): Promise<void> {
  await nextTick();
  for (let i = 0; i < frames; i++) {
    const el = document.querySelector<HTMLElement>(selector);
    el?.focus();
    if (el && document.activeElement === el) return;
    await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
  }
}

/**
 * The agent's keys on every page (bound once, by the layout): each acts on the agent's own call through the
 * stores, goes to the page that has the rest (the transfer form, the search, the caller's card), and sends a
 * request at most once however often it is pressed.
 */
export function useDeskKeys() {
  const { t } = useI18n();
  const calls = useCallsStore();
  const recordings = useRecordingsStore();
  const wrapUp = useWrapUpStore();
  const router = useRouter();
  const route = useRoute();
  const cheatSheet = ref(false);
  const error = ref<string | null>(null);
  /** The call a hang-up was sent for: until the PBX's hang-up arrives the call still looks answered. */
  let hungUp: string | null = null;
  /** The recording change asked for and not yet confirmed by `recording:changed`. */
  let asked: { callId: string; paused: boolean } | null = null;

  // Whatever the PBX says next about the recording answers the question asked (or a click on the Calls page did).
  watch(() => (calls.call ? recordings.byCall[calls.call.callId] : undefined), () => (asked = null));
  // The digits' topics follow the agent's habits: fetched again for each call, ready before its wrap-up.
  watch(() => calls.call?.callId, (callId) => {
    if (callId) void wrapUp.load();
  }, { immediate: true });

  async function attempt(work: () => Promise<void>): Promise<boolean> {
    error.value = null;
    try {
      await work();
      return true;
    } catch (failure) {
      error.value = t(apiErrorKey(failure));
      return false;
    }
  }

  async function toCalls(): Promise<void> {
    if (route.name !== 'calls') await router.push({ name: 'calls' });
  }

  async function hangup(): Promise<void> {
    const call = calls.call;
    const live = call && (call.direction === 'out' ? call.state !== 'ended' : call.state === 'answered');
    if (!call || !live || hungUp === call.callId) return;
    hungUp = call.callId;
    if (!(await attempt(() => calls.hangup()))) hungUp = null;
  }

  async function recording(paused: boolean): Promise<void> {
    const call = calls.call;
    const current = call ? recordings.byCall[call.callId] : undefined;
    if (!call || call.state !== 'answered' || current?.state !== 'recording' || current.paused === paused) return;
    if (asked?.callId === call.callId && asked.paused === paused) return;
    asked = { callId: call.callId, paused };
    await recordings.setPaused(call.callId, paused);
    if (recordings.error) {
      asked = null;
      error.value = t(apiErrorKey(recordings.error));
    }
  }

  /** Picks at once and lets the page follow: a second digit a moment later changes the pick, it is not swallowed. */
  function topic(digit: number | undefined): void {
    const call = calls.call;
    if (!call || !calls.needsWrapUp || !digit || !wrapUp.pick(call.callId, digit)) return;
    void toCalls().then(() => focusSoon('[data-test="wrap-up-submit"]')).catch(() => undefined);
  }

  const phone = usePhoneStore();
  useHotKeys({
    // The console's softphone rings: the key answers it, as the card's button does.
    answer: () => phone.answer(),
    // Paused shows as `in_call` while a call still runs: the reason says the agent is paused all the same.
    ready: () => (calls.agentState !== 'offline' && (calls.agentState === 'paused' || calls.pausedReason !== null) ? attempt(() => calls.changePause(false)) : undefined),
    pause: () => focusSoon('[data-test="pause-reason-select"]'),
    hangup,
    transfer: async () => {
      if (calls.call?.state !== 'answered' || calls.call.direction === 'out') return;
      await toCalls();
      await focusSoon('[data-test="transfer-kind"]');
    },
    recordingPause: () => recording(true),
    recordingResume: () => recording(false),
    search: async () => {
      await router.push({ name: 'citizens' });
      await focusSoon('[data-test="citizen-phone"]');
    },
    card: () => {
      const citizen = calls.call?.card.citizen;
      return citizen ? router.push({ name: 'citizen', params: { id: citizen.id } }) : undefined;
    },
    topic: (key) => topic(key.digit),
    help: () => (cheatSheet.value = !cheatSheet.value),
  });

  return { cheatSheet, error };
}
