import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Telephony } from '../telephony';
import { startHarness, type Harness } from '../../test/fixtures/ami/harness';
import { waitFor } from '../../test/fixtures/ami/wait';
import { unsafeField } from './action-fields';
import { AmiFieldError } from './errors';

/** A second action smuggled in a value: what a CR/LF in a forwarded pause reason or a dialled number could do. */
const SMUGGLED = 'x\r\n\r\nAction: Originate\r\nChannel: Local/0900777777@from-trunk/n\r\nContext: agents\r\nExten: 1\r\nPriority: 1\r\nAsync: true\r\n\r\n';
const breaks = fc.constantFrom('\r', '\n', '\r\n', '\u0000', SMUGGLED);
const text = fc.string({ maxLength: 12 }).filter((s) => unsafeField({ s }) === null);
const poisoned = fc.tuple(text, breaks, text).map(([a, b, c]) => a + b + c);

/** Every action the telephony layer sends, each with every string it takes from its caller in turn. */
const actions: Record<string, ((t: Telephony, bad: string) => Promise<unknown>)[]> = {
  pause: [(t, bad) => t.pause(bad, true, 'break'), (t, bad) => t.pause('PJSIP/1001', true, bad), (t, bad) => t.pause('PJSIP/1001', true, 'break', bad)],
  originate: [
    (t, bad) => t.originate({ channel: bad, context: 'agents', exten: '0671234567' }),
    (t, bad) => t.originate({ channel: 'PJSIP/1001', context: bad, exten: '0671234567' }),
    (t, bad) => t.originate({ channel: 'PJSIP/1001', context: 'agents', exten: bad }),
    (t, bad) => t.originate({ channel: 'PJSIP/1001', context: 'agents', exten: '1', callerId: bad }),
    (t, bad) => t.originate({ channel: 'PJSIP/1001', application: 'ConfBridge', data: bad }),
    (t, bad) => t.originate({ channel: 'PJSIP/1001', context: 'agents', exten: '1', channelId: bad }),
    (t, bad) => t.originate({ channel: 'PJSIP/1001', context: 'agents', exten: '1', variables: { PIN: bad } }),
    (t, bad) => t.originate({ channel: 'PJSIP/1001', context: 'agents', exten: '1', variables: { [bad]: '1' } }),
  ],
  hangup: [(t, bad) => t.hangup(bad)],
  queueAdd: [(t, bad) => t.queueAdd(bad, 'PJSIP/1001', 'A'), (t, bad) => t.queueAdd('support', bad, 'A'), (t, bad) => t.queueAdd('support', 'PJSIP/1001', bad)],
  queueRemove: [(t, bad) => t.queueRemove(bad, 'PJSIP/1001'), (t, bad) => t.queueRemove('support', bad)],
  redirect: [
    (t, bad) => t.redirect({ channel: bad, context: 'agents', exten: '1' }),
    (t, bad) => t.redirect({ channel: 'PJSIP/1001-1', context: bad, exten: '1' }),
    (t, bad) => t.redirect({ channel: 'PJSIP/1001-1', context: 'agents', exten: bad }),
    (t, bad) => t.redirect({ channel: 'PJSIP/1001-1', context: 'agents', exten: '1', extraChannel: bad }),
  ],
  confbridgeList: [(t, bad) => t.confbridgeList(bad)],
  confbridgeKick: [(t, bad) => t.confbridgeKick(bad, 'PJSIP/1001-1'), (t, bad) => t.confbridgeKick('8001', bad)],
  confbridgeMute: [(t, bad) => t.confbridgeMute(bad, 'PJSIP/1001-1', true), (t, bad) => t.confbridgeMute('8001', bad, false)],
  queueParams: [(t, bad) => t.queueParams(bad)],
  setVariable: [(t, bad) => t.setVariable(bad, '1'), (t, bad) => t.setVariable('PIN_8001', bad)],
};
const everyCall = Object.entries(actions).flatMap(([name, calls]) => calls.map((call, i) => ({ name: `${name}#${i}`, call })));

describe('AMI fields with CR, LF or NUL', () => {
  let h: Harness;
  const dialled: string[] = [];
  beforeAll(async () => {
    h = await startHarness({ agents: 1, dial: (channel) => (dialled.push(channel), { answer: false, afterMs: 10 }) });
    await waitFor(() => h.telephony.status().state === 'connected', 'connected');
  });
  afterAll(() => h.stop());

  it('when any action gets a value or name with a line break or NUL, then it is refused with AmiFieldError and nothing reaches the PBX', async () => {
    const used = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...everyCall), poisoned, async ({ name, call }, bad) => {
        used.add(name);
        await expect(call(h.telephony, bad)).rejects.toBeInstanceOf(AmiFieldError);
      }),
      { numRuns: 300 },
    );
    expect(used.size).toBe(everyCall.length);
    // The link is alive and the PBX answers a clean action; no smuggled Originate ever rang anything.
    await h.telephony.pause('PJSIP/1001', false);
    expect(dialled).toEqual([]);
    expect(h.telephony.status().state).toBe('connected');
  });

  it('when the value is clean, then the check passes it: tabs, Cyrillic and empty values are fine', () => {
    expect(unsafeField({ Action: 'QueuePause', Reason: 'обід\tперерва', Queue: '', Paused: true, Timeout: 30, Variable: { PIN: '1234' } })).toBeNull();
    expect(unsafeField({ Action: 'QueuePause', Reason: 'break\r\nAction: Originate' })).toBe('Reason');
    expect(unsafeField({ Action: 'Originate', Variable: { PIN: '1\n' } })).toBe('Variable.PIN');
  });
});
