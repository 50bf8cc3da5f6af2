import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../test/fixtures/ami/harness';
import { eventsNamed, startHarness } from '../test/fixtures/ami/harness';
import { waitFor } from '../test/fixtures/ami/wait';
import { AmiActionError } from './ami/errors';
import { RawAmiClient } from '../test/fixtures/ami/raw-client';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

async function connected(options: Parameters<typeof startHarness>[0] = {}) {
  h = await startHarness({ agents: 3, ...options });
  await waitFor(() => h.resyncs.length > 0, 'first resync');
  return h;
}

describe('telephony against the simulator over TCP', () => {
  it('when started, then it logs in, resyncs and reports connected with the queue members', async () => {
    await connected();
    expect(h.telephony.status().state).toBe('connected');
    expect(h.resyncs[0]?.queues[0]?.members.map((m) => m.interface)).toEqual(['PJSIP/1001', 'PJSIP/1002', 'PJSIP/1003']);
  });

  it('when a citizen calls and PJSIP/1002 answers, then offered, answered and ended arrive with the pop data', async () => {
    await connected();
    const placed = h.sim.placeCall({ from: '+380671234567', name: 'Ivan', queue: 'support', answeredBy: 'PJSIP/1002', ringMs: 50, talkMs: 1100 });
    await waitFor(() => eventsNamed(h.events, 'call:ended').length, 'call end');
    const [offered] = eventsNamed(h.events, 'call:offered');
    expect(offered).toMatchObject({ callId: placed.callId, queue: 'support', interface: 'PJSIP/1002', callerNumber: '+380671234567', callerName: 'Ivan' });
    expect(eventsNamed(h.events, 'call:answered')).toEqual([expect.objectContaining({ callId: placed.callId, interface: 'PJSIP/1002' })]);
    expect(eventsNamed(h.events, 'call:ended')).toEqual([expect.objectContaining({ callId: placed.callId, hangupBy: 'caller', interface: 'PJSIP/1002' })]);
    expect(eventsNamed(h.events, 'call:ended')[0]?.talkSeconds).toBeGreaterThanOrEqual(1);
    expect(h.telephony.snapshot().calls).toEqual([]);
    expect(h.telephony.snapshot().queues[0]?.today).toMatchObject({ offered: 1, answered: 1 });
  });

  it('when the caller channel\'s Linkedid differs from its Uniqueid, then the call is keyed by Linkedid from queue to end', async () => {
    await connected();
    const placed = h.sim.placeCall({ from: '+380675555555', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 20, talkMs: 50, linkedId: '1764316000.7' });
    await waitFor(() => eventsNamed(h.events, 'call:ended').length, 'end');
    expect(placed.callId).toBe('1764316000.7');
    expect(placed.channelId).not.toBe(placed.callId);
    const callIds = new Set(h.events.filter((e) => e.name.startsWith('call:')).map((e) => ('callId' in e ? e.callId : '')));
    expect([...callIds]).toEqual(['1764316000.7']);
    expect(eventsNamed(h.events, 'call:queued')[0]).toMatchObject({ channelId: placed.channelId });
    expect(h.telephony.snapshot().calls).toEqual([]);
  });

  it('when a call is ringing, then the snapshot says which member interface rings', async () => {
    await connected();
    const placed = h.sim.placeCall({ from: '+380671111111', queue: 'support', answeredBy: 'PJSIP/1003', ringMs: 60_000 });
    await waitFor(() => eventsNamed(h.events, 'call:offered').length, 'offer');
    expect(h.telephony.snapshot().calls).toEqual([expect.objectContaining({ callId: placed.callId, phase: 'ringing', ringing: ['PJSIP/1003'] })]);
  });

  it('when the console hangs up the caller of a connected call, then the call ends as hung up by the caller', async () => {
    await connected();
    const placed = h.sim.placeCall({ from: '+380672222222', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 20, talkMs: 60_000 });
    await waitFor(() => eventsNamed(h.events, 'call:answered').length, 'answer');
    await h.telephony.hangup(placed.channel);
    await waitFor(() => eventsNamed(h.events, 'call:ended').length, 'end');
    expect(eventsNamed(h.events, 'call:ended')[0]).toMatchObject({ callId: placed.callId, hangupBy: 'caller' });
  });

  it('when an agent pauses with a reason, then member:paused carries it and the snapshot shows it', async () => {
    await connected();
    await h.telephony.pause('PJSIP/1001', true, 'lunch');
    await waitFor(() => eventsNamed(h.events, 'member:paused').length, 'pause event');
    expect(eventsNamed(h.events, 'member:paused')[0]).toMatchObject({ interface: 'PJSIP/1001', paused: true, pausedReason: 'lunch' });
    expect(h.telephony.snapshot().queues[0]?.members[0]).toMatchObject({ paused: true, pausedReason: 'lunch' });
    await h.telephony.pause('PJSIP/1001', false);
    await waitFor(() => h.telephony.snapshot().queues[0]?.members[0]?.paused === false, 'unpause');
  });

  it('when Asterisk refuses an action, then the promise rejects with its message', async () => {
    await connected();
    await expect(h.telephony.pause('PJSIP/4242', true)).rejects.toThrow(AmiActionError);
    await expect(h.telephony.pause('PJSIP/4242', true)).rejects.toThrow(/Interface not found/);
  });

  it('when the dial string names a channel driver the PBX lacks, then the origination fails without a channel; a busy phone fails with one', async () => {
    await connected();
    h.sim.setTechnologies(['PJSIP']);
    const refused = await h.telephony.originate({ channel: 'Local/1001@from-internal/n', context: 'consult', exten: '8001', channelId: 'consult-9-official' });
    expect(refused).toEqual({ channelId: 'consult-9-official', channel: 'Local/1001@from-internal/n', success: false, outcome: 'failed', reasonCode: 0, channelMade: false });
    h.sim.setDialBehaviour(() => ({ answer: false, outcome: 'busy', afterMs: 10 }));
    const busy = await h.telephony.originate({ channel: 'PJSIP/1001', context: 'consult', exten: '8001' });
    expect(busy).toMatchObject({ channel: 'PJSIP/1001', success: false, outcome: 'busy', channelMade: true });
  });

  it('when an official and a citizen are dialled into a room, then the conference is tracked and can be muted and kicked', async () => {
    await connected();
    const official = await h.telephony.originate({ channel: 'PJSIP/1001', context: 'consult', exten: '8001', variables: { CONF_ROLE: 'official' }, channelId: 'consult-1-official' });
    expect(official).toEqual({ channelId: 'consult-1-official', channel: expect.stringMatching(/^PJSIP\/1001-/), success: true, outcome: 'answered', reasonCode: 4, channelMade: true });
    const citizen = await h.telephony.originate({ channel: 'PJSIP/+380673333333@trunk', context: 'consult', exten: '8001', variables: { CONF_ROLE: 'citizen' } });
    await waitFor(() => eventsNamed(h.events, 'conference:joined').length === 2, 'two joined');
    expect(eventsNamed(h.events, 'conference:started')).toEqual([expect.objectContaining({ room: '8001' })]);
    const list = await h.telephony.confbridgeList('8001');
    expect(list).toEqual([
      expect.objectContaining({ channelId: 'consult-1-official', admin: true }),
      expect.objectContaining({ channelId: citizen.channelId, admin: false, muted: false }),
    ]);
    await h.telephony.confbridgeMute('8001', citizen.channel, true);
    await waitFor(() => eventsNamed(h.events, 'conference:muted').length, 'muted');
    expect(h.telephony.snapshot().conferences[0]?.participants.find((p) => p.channelId === citizen.channelId)?.muted).toBe(true);
    // The official leaves: citizens (end_marked) go too and the room ends.
    await h.telephony.confbridgeKick('8001', official.channel);
    await waitFor(() => eventsNamed(h.events, 'conference:ended').length, 'room ended');
    expect(eventsNamed(h.events, 'conference:left').map((e) => e.channelId)).toEqual(['consult-1-official', citizen.channelId]);
    expect(await h.telephony.confbridgeList('8001')).toEqual([]);
  });

  it("when a room's PIN is set as a global, then a citizen dialling in with it joins as a non-admin and talks; a wrong PIN is hung up", async () => {
    await connected();
    await h.telephony.originate({ channel: 'PJSIP/1001', context: 'consult', exten: '8005', variables: { CONF_ROLE: 'official' } });
    await h.telephony.setVariable('CONSULT_PIN_8005', '424242');
    expect(h.sim.dialIn('0675550000', '8005', '111111').admitted).toBe(false);
    const { channelId, admitted } = h.sim.dialIn('0675550000', '8005', '424242');
    expect(admitted).toBe(true);
    await waitFor(() => eventsNamed(h.events, 'conference:joined').some((e) => e.channelId === channelId), 'dial-in joined');
    expect(eventsNamed(h.events, 'conference:joined').find((e) => e.channelId === channelId)).toMatchObject({ room: '8005', callerNumber: '0675550000', admin: false });
    h.sim.setTalking(channelId, true);
    await waitFor(() => eventsNamed(h.events, 'conference:talking').length, 'talking');
    expect(eventsNamed(h.events, 'conference:talking')).toEqual([expect.objectContaining({ channelId, talking: true })]);
  });

  it('when the dialled number is busy, then originate resolves with the busy outcome', async () => {
    await connected({ dial: () => ({ answer: false, outcome: 'busy', afterMs: 20 }) });
    const result = await h.telephony.originate({ channel: 'PJSIP/+380674444444@trunk', application: 'ConfBridge', data: '8002,consult_bridge,citizen_user' });
    expect(result).toMatchObject({ success: false, outcome: 'busy', reasonCode: 5 });
    // Our own ActionIDs reach the wire (asterisk-manager would otherwise substitute Date.now()).
    expect(eventsNamed(h.events, 'originate:result')).toEqual([expect.objectContaining({ channelId: result.channelId, outcome: 'busy', actionId: expect.stringMatching(/^hc\d+-\d+$/) })]);
  });

  it('when members are FreePBX Local channels, then pops and pauses use the phone interface PJSIP/1001', async () => {
    await connected({ queues: [{ name: '400', members: [{ interface: 'Local/1001@from-queue/n', name: 'Alice' }] }] });
    expect(h.resyncs[0]?.queues[0]?.members[0]).toMatchObject({ interface: 'PJSIP/1001', memberName: 'Alice' });
    const placed = h.sim.placeCall({ from: '0671234567', queue: '400', answeredBy: 'Local/1001@from-queue/n', ringMs: 20, talkMs: 50 });
    await waitFor(() => eventsNamed(h.events, 'call:ended').length, 'call end');
    expect(eventsNamed(h.events, 'call:offered')).toEqual([expect.objectContaining({ callId: placed.callId, interface: 'PJSIP/1001' })]);
    expect(eventsNamed(h.events, 'call:ended')[0]).toMatchObject({ interface: 'PJSIP/1001', hangupBy: 'caller' });
    await h.telephony.pause('PJSIP/1001', true, 'meeting');
    await waitFor(() => eventsNamed(h.events, 'member:paused').length, 'pause');
    expect(eventsNamed(h.events, 'member:paused')[0]).toMatchObject({ interface: 'PJSIP/1001', asteriskInterface: 'Local/1001@from-queue/n', pausedReason: 'meeting' });
  });

  it('when another AMI client adds and removes a member, then member:added and member:removed keep the queue right', async () => {
    await connected();
    const admin = await RawAmiClient.open(h.sim.port);
    await admin.login(h.sim.credentials.username, h.sim.credentials.secret);
    admin.send({ Action: 'QueueAdd', ActionID: 'add', Queue: 'support', Interface: 'PJSIP/1009', MemberName: 'agent-nina', Paused: 'true', Reason: 'login' });
    await waitFor(() => eventsNamed(h.events, 'member:added').length, 'added');
    expect(eventsNamed(h.events, 'member:added')[0]).toMatchObject({ interface: 'PJSIP/1009', memberName: 'agent-nina', paused: true, pausedReason: 'login' });
    expect(h.telephony.snapshot().queues[0]?.members.map((m) => m.interface)).toContain('PJSIP/1009');
    admin.send({ Action: 'QueueRemove', ActionID: 'rm', Queue: 'support', Interface: 'PJSIP/1009' });
    await waitFor(() => eventsNamed(h.events, 'member:removed').length, 'removed');
    expect(h.telephony.snapshot().queues[0]?.members.map((m) => m.interface)).not.toContain('PJSIP/1009');
    admin.close();
  });
});
