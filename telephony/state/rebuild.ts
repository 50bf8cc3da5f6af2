import type { TelephonyEvent } from '../events';
import type { CallBook } from './calls';
import type { LiveCall } from './call-record';
import type { ChannelFact, PbxFacts } from './pbx-facts';
import { newCall, secondsBetween } from './call-record';
import { firstArgument, UP } from './pbx-facts';

const isApp = (c: ChannelFact, name: string) => c.application.toLowerCase() === name;

/** The call as CoreShowChannels shows it: caller in `Queue`, member legs in `AppQueue`. */
function callFromChannels(callId: string, channels: ChannelFact[], old: LiveCall | undefined, at: string, memberNames: Map<string, string>): LiveCall {
  const call = newCall(callId);
  if (old) {
    const { offers: _offers, channels: _channels, answeredBy: _answeredBy, answeredChannelId: _leg, ...kept } = old;
    Object.assign(call, kept);
  }
  const caller = channels.find((c) => isApp(c, 'queue')) ?? channels.find((c) => c.channelId === callId) ?? channels[0];
  call.channels = new Set(channels.map((c) => c.channelId));
  if (!caller) return call;
  call.callerChannelId = caller.channelId;
  call.callerNumber ||= caller.callerNumber;
  call.callerName ||= caller.callerName;
  if (isApp(caller, 'queue')) call.queue = firstArgument(caller.applicationData);
  for (const leg of channels.filter((c) => isApp(c, 'appqueue'))) {
    if (leg.state === UP && leg.bridgeId !== '' && leg.bridgeId === caller.bridgeId) {
      call.answeredBy = leg.device;
      call.answeredChannelId = leg.channelId;
      call.answeredAt ??= at;
    } else if (leg.state !== UP) {
      const known = old?.offers.get(leg.device);
      call.offers.set(leg.device, known ?? { queue: call.queue ?? '', memberName: memberNames.get(leg.device) ?? leg.device, agentChannelId: leg.channelId, at, cancelled: false });
    }
  }
  if (old?.transferred) call.answeredBy = old.answeredBy;
  // A click-to-call in progress: the dialled leg is up and bridged with the originated one.
  if (!call.queue && channels.length > 1 && channels.every((c) => c.state === UP && c.bridgeId !== '' && c.bridgeId === caller.bridgeId)) {
    call.dialStatus = 'answered';
    call.answeredAt ??= at;
  }
  return call;
}

/** The call log's rule too (closeVanished): a call that began before the PBX last started was ended by it. */
export function cutByRestart(call: LiveCall, pbxStartedAt: string | null): boolean {
  const began = call.answeredAt ?? call.queuedAt ?? call.lastEventAt;
  return !!pbxStartedAt && !!began && Date.parse(began) < Date.parse(pbxStartedAt);
}

/** Events that tell listeners what changed while we could not see it. */
function gapEvents(book: CallBook, call: LiveCall, old: LiveCall | undefined, at: string, memberNames: Map<string, string>): TelephonyEvent[] {
  const out: TelephonyEvent[] = [];
  const queue = call.queue ?? '';
  for (const [iface, offer] of old?.offers ?? []) {
    if (call.offers.has(iface) || call.answeredBy === iface) continue;
    out.push({ name: 'call:retracted', callId: call.callId, queue: offer.queue, interface: iface, reason: call.answeredBy ? 'answered_elsewhere' : 'no_answer', at });
  }
  for (const [iface, offer] of call.offers) {
    if (old?.offers.has(iface)) continue;
    out.push({ name: 'call:offered', callId: call.callId, queue, interface: iface, memberName: offer.memberName, agentChannelId: offer.agentChannelId, callerNumber: call.callerNumber, callerName: call.callerName, at });
  }
  if (call.answeredBy && !call.transferred && old?.answeredBy !== call.answeredBy) {
    const holdSeconds = secondsBetween(call.queuedAt, call.answeredAt ?? at);
    if (call.counted && old) book.queues.countAnswered(queue, at, holdSeconds);
    out.push({ name: 'call:answered', callId: call.callId, queue, interface: call.answeredBy, memberName: memberNames.get(call.answeredBy) ?? call.answeredBy, holdSeconds, ringSeconds: 0, at });
  }
  return out;
}

/**
 * Replaces calls and channels with the facts; returns the events bridging the gap. Calls that vanished end at
 * `aliveUntil` (the last moment they were known alive), marked estimated, when the link was down in between.
 */
export function rebuildCalls(book: CallBook, facts: PbxFacts, at: string, aliveUntil: string | null = null, pbxStartedAt: string | null = null): TelephonyEvent[] {
  const previous = new Map(book.calls);
  book.calls.clear();
  book.channels.clear();
  const groups = new Map<string, ChannelFact[]>();
  for (const channel of facts.channels) {
    if (book.isFinished(channel.callId)) continue;
    book.channels.set(channel.channelId, { channelId: channel.channelId, callId: channel.callId, channel: channel.channel, device: channel.device });
    groups.set(channel.callId, [...(groups.get(channel.callId) ?? []), channel]);
  }
  const memberNames = new Map(facts.queues.flatMap((q) => q.members.map((m) => [m.interface, m.memberName] as const)));
  const waitingSince = new Map(facts.queues.flatMap((q) => q.waiting.map((w) => [w.callId, w] as const)));
  const out: TelephonyEvent[] = [];
  for (const [callId, old] of previous) {
    if (groups.has(callId)) continue;
    book.calls.set(callId, old);
    out.push(...book.finish(old, cutByRestart(old, pbxStartedAt) ? 'system' : 'unknown', aliveUntil ?? at, { estimated: aliveUntil !== null }));
  }
  for (const [callId, channels] of groups) {
    const old = previous.get(callId);
    const call = callFromChannels(callId, channels, old, at, memberNames);
    const waiting = waitingSince.get(callId);
    if (waiting) {
      call.queuedAt ??= waiting.since;
      waiting.since = call.queuedAt;
    }
    book.calls.set(callId, call);
    out.push(...gapEvents(book, call, old, at, memberNames));
  }
  return out;
}
