import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { softphoneApi, type NoSoftphone, type PhoneCredentials } from '../api/softphone';
import { loadDevices, saveDevices, type PhoneDevices } from '../phone/devices';
import { busyLine, canRing, initialPhone, nextPhone, type PhoneInput, type PhoneState } from '../phone/phone-machine';
import type { SipPhone } from '../phone/sip-phone';
import { lockPhone, type TabLock } from '../phone/tab-lock';
import { createRinger, type Ringer } from '../utils/ringer';

/** Makes the SIP stack: JsSIP, loaded on demand (tests give a fake phone: the one thing we cannot run here). */
export type PhoneFactory = (creds: PhoneCredentials, devices: PhoneDevices, report: (input: PhoneInput) => void) => Promise<SipPhone>;

const jssipPhone: PhoneFactory = async (creds, devices, report) => (await import('../phone/sip-phone')).createSipPhone(creds, devices, report);

/** Where a reload mid-call is remembered, so the next page can say the call was lost rather than pretend. */
const LOST_KEY = 'hromada.phone.lostOnReload';

/**
 * The console's softphone: registers when the console opens (only for users who have one, only in one tab),
 * unregisters on logout, rings with the pop, and answers from the card. Its state is the machine's
 * (phone/phone-machine.ts); the server hears only whether it can ring (`phone:state`).
 */
export const usePhoneStore = defineStore('phone', () => {
  const state = ref<PhoneState>({ ...initialPhone });
  const absent = ref<NoSoftphone | null>(null);
  const devices = ref<PhoneDevices>(loadDevices());
  const lostOnReload = ref(false);
  const phone = shallowRef<SipPhone | null>(null);
  let lock: TabLock | null = null;
  let factory: PhoneFactory = jssipPhone;
  let ringer: Ringer | null = null;
  let autoAnswer: ReturnType<typeof setTimeout> | null = null;
  /** Agents hear the pop's ring (useCallAlert, same device); an official's phone rings by itself. */
  let ringsItself = false;
  let generation = 0;
  const registrationListeners = new Set<(registered: boolean) => void>();

  const enabled = computed(() => state.value.registration !== 'off');
  const ringing = computed(() => state.value.line === 'ringing');
  const onLine = computed(() => busyLine(state.value));
  const registered = computed(() => canRing(state.value));

  function report(input: PhoneInput): void {
    state.value = nextPhone(state.value, input);
  }

  // The ring follows the line: through the chosen ring device, and an auto-answer for agents who work that way.
  watch(ringing, (now) => {
    if (now) {
      if (ringsItself) {
        ringer ??= createRinger(() => devices.value.ring);
        ringer.start();
      }
      if (devices.value.autoAnswerSeconds > 0) autoAnswer = setTimeout(() => void answer(), devices.value.autoAnswerSeconds * 1000);
    } else {
      ringer?.stop();
      if (autoAnswer) clearTimeout(autoAnswer);
      autoAnswer = null;
    }
  });
  watch(registered, (now) => {
    if (now === null) return;
    for (const listener of registrationListeners) listener(now);
  });

  async function begin(creds: PhoneCredentials, mine: number): Promise<void> {
    const created = await factory(creds, devices.value, (input) => {
      if (mine === generation) report(input);
    });
    if (mine !== generation) return void created.stop();
    phone.value = created;
    created.start();
  }

  /** On login (and on a reload while logged in): fetch my credentials; no softphone = nothing happens at all. */
  async function start(userId: number, options: { factory?: PhoneFactory; locks?: LockManager; ring?: boolean } = {}): Promise<void> {
    if (options.factory) factory = options.factory;
    ringsItself = options.ring ?? false;
    const mine = ++generation;
    const { phone: creds, reason } = await softphoneApi.credentials();
    if (mine !== generation) return;
    absent.value = reason;
    if (!creds) return;
    lostOnReload.value = takeLostMark();
    report({ type: 'connecting' });
    lock = lockPhone(`hromada-phone-${userId}`, options.locks);
    if (await lock.acquired) return begin(creds, mine);
    if (mine !== generation) return;
    report({ type: 'elsewhere' });
    // The other tab closed: this one takes the phone over.
    await lock.later;
    if (mine === generation) await begin(creds, mine);
  }

  /** On logout: unregister (the PBX stops ringing this browser) and give the phone back to other tabs. */
  async function stop(): Promise<void> {
    generation++;
    const current = phone.value;
    phone.value = null;
    await current?.stop().catch(() => undefined);
    lock?.release();
    lock = null;
    state.value = { ...initialPhone };
  }

  async function answer(): Promise<void> {
    if (state.value.line === 'ringing') await phone.value?.answer();
  }

  function setDevices(next: PhoneDevices): void {
    devices.value = next;
    saveDevices(next);
    phone.value?.useDevices(next);
  }

  /** The page is going away mid-call: the call cannot survive it (WebRTC lives in the page); hang up truthfully. */
  function pageLeaving(): void {
    if (!onLine.value) return;
    try {
      sessionStorage.setItem(LOST_KEY, '1');
    } catch {
      // nothing to remember it with: the next page simply does not say it
    }
    phone.value?.hangup();
  }

  return {
    state, absent, devices, enabled, ringing, onLine, registered, lostOnReload,
    start, stop, answer, setDevices, pageLeaving,
    hangup: () => phone.value?.hangup(),
    hold: (on: boolean) => phone.value?.hold(on),
    mute: (on: boolean) => phone.value?.mute(on),
    dtmf: (tone: string) => phone.value?.dtmf(tone),
    dismissLost: () => (lostOnReload.value = false),
    /** Whoever tells the server (realtime/index.ts) hears each settled change: can this phone ring now? */
    onRegistration(listener: (registered: boolean) => void): () => void {
      registrationListeners.add(listener);
      return () => registrationListeners.delete(listener);
    },
  };
});

function takeLostMark(): boolean {
  try {
    const lost = sessionStorage.getItem(LOST_KEY) === '1';
    sessionStorage.removeItem(LOST_KEY);
    return lost;
  } catch {
    return false;
  }
}
