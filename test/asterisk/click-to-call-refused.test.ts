import { beforeAll, describe, expect, it } from 'vitest';
import { body } from '../setup/app';
import { callRows, report, startLabBed, until, type LabBed, type LabConsole } from './testbed';

/**
 * Issue 19 item 13 against Asterisk 22: a click-to-call the PBX refuses without making any channel. The lab has no
 * chan_pjsip, so with ORIGINATE_CHANNEL={interface} the agent's own leg is `PJSIP/1004`, a technology Asterisk does
 * not have: `OriginateResponse: Failure` and not one channel event, as for an unregistered phone.
 */
let bed: LabBed;
let agent: LabConsole;

beforeAll(async () => {
  process.env.ORIGINATE_CHANNEL = '{interface}';
  bed = await startLabBed();
  agent = await bed.agent('1004');
});

describe('a click-to-call refused without any channel', () => {
  it('when the agent clicks, then the desk is freed with the failure, the log says failed, and the next click is accepted', async () => {
    const at = Date.now();
    const res = await bed.t.fetch('/api/calls/originate', { method: 'POST', cookie: agent.cookie, json: { number: '0671110021' } });
    const { callId } = await body(res);
    expect(res.status).toBe(202);
    const ended = await agent.next('call:ended', (c) => c.callId === callId, { timeoutMs: 15_000 });
    const free = await agent.next('agent:snapshot', (s) => s.call === null, { since: ended.at, timeoutMs: 5000 });
    const response = bed.listener.events.find((m) => m.Event === 'OriginateResponse' && m.Uniqueid === callId);
    const channelEvents = bed.listener.events.filter((m) => m.Event !== 'OriginateResponse' && (m.Uniqueid === callId || m.Linkedid === callId));
    const [row] = await until(async () => ((await callRows(bed, [callId]))[0]?.ended_at ? callRows(bed, [callId]) : null), 'the call closed in the log', 5000);
    report(`scenario e (refused, no channel): OriginateResponse ${response?.Response} Reason ${response?.Reason} Channel ${response?.Channel} ${response ? response.at - at : '?'} ms after the click; ` +
      `channel events ${channelEvents.length}; desk freed ${free.at - at} ms after the click with ${JSON.stringify(ended.data)}; log outcome ${row.outcome}`);
    expect(response?.Response).toBe('Failure');
    expect(channelEvents).toEqual([]);
    expect(ended.data).toMatchObject({ outcome: 'failed', reason: 'agent_phone_unavailable' });
    expect(row.outcome).toBe('failed');
    const again = await bed.t.fetch('/api/calls/originate', { method: 'POST', cookie: agent.cookie, json: { number: '0671110022' } });
    expect(again.status).toBe(202);
  });
});
