// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PhoneCredentials } from '../../api/softphone';
import { createAppI18n } from '../../i18n';
import type { PhoneDevices } from '../../phone/devices';
import type { PhoneInput } from '../../phone/phone-machine';
import type { SipPhone } from '../../phone/sip-phone';
import { usePhoneStore, type PhoneFactory } from '../../stores/phone';
import { offered } from '../../test/fixtures';
import CallCard from '../call/CallCard.vue';
import PhoneBar from './PhoneBar.vue';

const CREDS: PhoneCredentials = { wsUrl: 'wss://pbx.test/ws', uri: 'sip:1101@pbx.test', authorizationUser: '1101', password: 'p', displayName: 'Оксана', interface: 'PJSIP/1101', iceServers: [] };

/** The SIP stack is the one thing a component test cannot run: a fake that records what the console asked of it. */
function fakeSip() {
  const asked: string[] = [];
  let report: (input: PhoneInput) => void = () => {};
  let made = 0;
  const factory: PhoneFactory = async (_creds, _devices: PhoneDevices, r) => {
    made++;
    report = r;
    const phone: SipPhone = {
      start: () => asked.push('start'), stop: async () => void asked.push('stop'), answer: async () => void asked.push('answer'),
      hangup: () => asked.push('hangup'), hold: (on) => asked.push(`hold:${on}`), mute: (on) => asked.push(`mute:${on}`),
      dtmf: (tone) => asked.push(`dtmf:${tone}`), useDevices: () => undefined,
    };
    return phone;
  };
  return { factory, asked, send: (input: PhoneInput) => report(input), made: () => made };
}

/** Web Locks with another tab holding the phone until `release()`. */
function busyLocks() {
  let release: () => void = () => {};
  const freed = new Promise<void>((resolve) => (release = resolve));
  const locks = {
    request: async (_name: string, a: unknown, b?: unknown) => {
      const options = (typeof a === 'object' ? a : {}) as { ifAvailable?: boolean };
      const cb = (b ?? a) as (lock: unknown) => Promise<unknown>;
      if (options.ifAvailable) return cb(null);
      await freed;
      return cb({ name: 'phone' });
    },
  } as unknown as LockManager;
  return { locks, release };
}

const answerWith = (phone: PhoneCredentials | null, reason: string | null = null) =>
  vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ phone, reason }), { status: 200 })));

function mountBar() {
  const pinia = createPinia();
  setActivePinia(pinia);
  const wrapper = mount(PhoneBar, { global: { plugins: [pinia, createAppI18n('uk')] } });
  return { wrapper, phone: usePhoneStore() };
}

describe('the softphone in the console (component, fake SIP stack)', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('when the user has no softphone, then nothing is loaded and nothing shows', async () => {
    answerWith(null, 'no_password');
    const sip = fakeSip();
    const { wrapper, phone } = mountBar();
    await phone.start(1, { factory: sip.factory });
    await flushPromises();
    expect(sip.made()).toBe(0);
    expect(phone.absent).toBe('no_password');
    expect(wrapper.find('[data-test="phone-bar"]').exists()).toBe(false);
  });

  it('when it registers, then the bar says ready and the server hears "can ring"; a wrong password shows a clear message', async () => {
    answerWith(CREDS);
    const sip = fakeSip();
    const { wrapper, phone } = mountBar();
    const told: boolean[] = [];
    phone.onRegistration((r) => told.push(r));
    await phone.start(1, { factory: sip.factory });
    expect(sip.asked).toEqual(['start']);
    sip.send({ type: 'connecting' });
    sip.send({ type: 'registered' });
    await flushPromises();
    expect(wrapper.get('[data-test="phone-registration"]').text()).toBe('Телефон готовий');
    expect(told).toEqual([true]);

    sip.send({ type: 'registration_failed', status: 401, cause: 'Authentication Error' });
    await flushPromises();
    expect(wrapper.get('[data-test="phone-fault"]').text()).toContain('Пароль SIP-телефону не підходить');
    expect(wrapper.get('[data-test="phone-bar"]').attributes('data-fault')).toBe('auth');
    expect(told).toEqual([true, false]);
  });

  it('when a call rings, then the card’s answer answers the phone, and hold, mute, keypad and hang-up drive it', async () => {
    answerWith(CREDS);
    const sip = fakeSip();
    const { wrapper, phone } = mountBar();
    await phone.start(1, { factory: sip.factory });
    sip.send({ type: 'registered' });
    sip.send({ type: 'incoming', remote: '+380671230001' });
    await flushPromises();
    const card = mount(CallCard, {
      props: { call: { ...offered(), state: 'ringing', answeredAt: null, endedAt: null }, canAttach: false, attachingId: null, canAnswer: phone.ringing },
      global: { plugins: [createAppI18n('uk')] },
    });
    await card.get('[data-test="card-answer"]').trigger('click');
    expect(card.emitted('answer')).toHaveLength(1);
    await phone.answer();
    expect(sip.asked).toContain('answer');

    sip.send({ type: 'answer' });
    sip.send({ type: 'confirmed' });
    await flushPromises();
    await wrapper.get('[data-test="phone-hold"]').trigger('click');
    await wrapper.get('[data-test="phone-mute"]').trigger('click');
    await wrapper.get('[data-test="phone-keypad"]').trigger('click');
    await wrapper.get('[data-tone="5"]').trigger('click');
    await wrapper.get('[data-test="phone-hangup"]').trigger('click');
    expect(sip.asked.slice(-4)).toEqual(['hold:true', 'mute:true', 'dtmf:5', 'hangup']);
  });

  it('when the card shows a call that does not ring this phone, then there is no answer button', () => {
    const card = mount(CallCard, {
      props: { call: { ...offered(), state: 'ringing', answeredAt: null, endedAt: null }, canAttach: false, attachingId: null, canAnswer: false },
      global: { plugins: [createAppI18n('uk')] },
    });
    expect(card.find('[data-test="card-answer"]').exists()).toBe(false);
  });

  it('when another tab holds the phone, then this one does not register, says so, and takes over when that tab closes', async () => {
    answerWith(CREDS);
    const sip = fakeSip();
    const { wrapper, phone } = mountBar();
    const other = busyLocks();
    const started = phone.start(1, { factory: sip.factory, locks: other.locks });
    await flushPromises();
    expect(sip.made()).toBe(0);
    expect(wrapper.get('[data-test="phone-registration"]').text()).toBe('Телефон працює в іншій вкладці');
    other.release();
    await started;
    expect(sip.made()).toBe(1);
    expect(sip.asked).toEqual(['start']);
  });

  it('when auto-answer is set to 2 s, then the ringing phone answers by itself after 2 s', async () => {
    vi.useFakeTimers();
    answerWith(CREDS);
    const sip = fakeSip();
    const { phone } = mountBar();
    phone.setDevices({ microphone: null, speaker: null, ring: null, autoAnswerSeconds: 2 });
    await phone.start(1, { factory: sip.factory });
    sip.send({ type: 'registered' });
    sip.send({ type: 'incoming', remote: 'x' });
    await flushPromises();
    vi.advanceTimersByTime(1900);
    expect(sip.asked).not.toContain('answer');
    vi.advanceTimersByTime(200);
    await flushPromises();
    expect(sip.asked).toContain('answer');
    expect(JSON.parse(localStorage.getItem('hromada.phone.devices')!)).toMatchObject({ autoAnswerSeconds: 2 });
  });

  it('when the page goes away mid-call, then the call is hung up and the next page says it was lost', async () => {
    answerWith(CREDS);
    const sip = fakeSip();
    const { phone } = mountBar();
    await phone.start(1, { factory: sip.factory });
    sip.send({ type: 'registered' });
    sip.send({ type: 'incoming', remote: 'x' });
    sip.send({ type: 'answer' });
    sip.send({ type: 'confirmed' });
    phone.pageLeaving();
    expect(sip.asked).toContain('hangup');
    await phone.stop();

    const again = mountBar();
    await again.phone.start(1, { factory: fakeSip().factory });
    await flushPromises();
    expect(again.wrapper.get('[data-test="phone-lost-on-reload"]').text()).toContain('сторінку було перезавантажено');
  });
});
