import type { AmiMessage } from '../ami/message';
import type { ConferenceParticipant, MemberFacts, QueueParamsReport, WaitingCaller } from '../events';
import { callerIdField, field, intField } from '../ami/message';
import { deviceOf } from '../ami/channel-names';
import { memberFacts } from '../ami/translate-members';

/** One live channel, from CoreShowChannel. */
export interface ChannelFact {
  channelId: string;
  callId: string;
  channel: string;
  device: string;
  /** ChannelState: 4 Ring, 5 Ringing, 6 Up, ... */
  state: number;
  callerNumber: string;
  callerName: string;
  /** `Queue` for callers, `AppQueue` for member legs, `ConfBridge` for conference legs. */
  application: string;
  applicationData: string;
  bridgeId: string;
}

export interface QueueFacts {
  name: string;
  serviceLevelSeconds: number | null;
  members: MemberFacts[];
  waiting: WaitingCaller[];
  params: QueueParamsReport | null;
}

/** QueueParams as sent: ServicelevelPerf is printed `%2.1f`. */
export function queueParams(m: AmiMessage, at: string): QueueParamsReport {
  const num = (name: string) => {
    const value = Number(field(m, name));
    return Number.isFinite(value) ? value : 0;
  };
  return {
    queue: field(m, 'queue'),
    serviceLevelSeconds: intField(m, 'servicelevel'),
    completed: intField(m, 'completed'),
    abandoned: intField(m, 'abandoned'),
    holdtime: intField(m, 'holdtime'),
    talktime: intField(m, 'talktime'),
    serviceLevelPerf: num('servicelevelperf'),
    serviceLevelPerf2: num('servicelevelperf2'),
    at,
  };
}

/** What Asterisk reports at a resync: the replacement for the live state. */
export interface PbxFacts {
  channels: ChannelFact[];
  queues: QueueFacts[];
  conferences: Array<{ room: string; participant: ConferenceParticipant }>;
}

export interface SnapshotLists {
  /** CoreShowChannel items. */
  channels: AmiMessage[];
  /** QueueParams, QueueMember and QueueEntry items. */
  queueStatus: AmiMessage[];
  /** QueueSummary items: they name queues that may have neither members nor callers. */
  queueSummary: AmiMessage[];
}

export const UP = 6;

function channelFact(m: AmiMessage, localTech: string): ChannelFact {
  const channel = field(m, 'channel');
  return {
    channelId: field(m, 'uniqueid'),
    callId: field(m, 'linkedid') || field(m, 'uniqueid'),
    channel,
    device: deviceOf(channel, localTech),
    state: intField(m, 'channelstate'),
    callerNumber: callerIdField(m, 'calleridnum'),
    callerName: callerIdField(m, 'calleridname'),
    application: field(m, 'application'),
    applicationData: field(m, 'applicationdata'),
    bridgeId: field(m, 'bridgeid'),
  };
}

export function firstArgument(applicationData: string): string {
  return applicationData.split(',')[0]?.trim() ?? '';
}

export function pbxFacts(lists: SnapshotLists, at: string, localTech: string): PbxFacts {
  const channels = lists.channels.map((m) => channelFact(m, localTech));
  const byUniqueid = new Map(channels.map((c) => [c.channelId, c]));
  const queues = new Map<string, QueueFacts>();
  const queue = (name: string) => {
    let q = queues.get(name);
    if (!q) queues.set(name, (q = { name, serviceLevelSeconds: null, members: [], waiting: [], params: null }));
    return q;
  };
  for (const m of lists.queueSummary) queue(field(m, 'queue'));
  for (const m of lists.queueStatus) {
    const kind = field(m, 'event').toLowerCase();
    const q = queue(field(m, 'queue'));
    if (kind === 'queueparams') {
      q.serviceLevelSeconds = intField(m, 'servicelevel');
      q.params = queueParams(m, at);
    }
    if (kind === 'queuemember') q.members.push(memberFacts(m, { localTech }));
    if (kind === 'queueentry') {
      const uniqueid = field(m, 'uniqueid');
      q.waiting.push({
        callId: byUniqueid.get(uniqueid)?.callId ?? uniqueid,
        callerNumber: callerIdField(m, 'calleridnum'),
        callerName: callerIdField(m, 'calleridname'),
        position: intField(m, 'position'),
        since: new Date(Date.parse(at) - intField(m, 'wait') * 1000).toISOString(),
      });
    }
  }
  const conferences = channels
    .filter((c) => c.application.toLowerCase() === 'confbridge')
    .map((c) => ({
      room: firstArgument(c.applicationData),
      participant: { channel: c.channel, channelId: c.channelId, callerNumber: c.callerNumber, admin: false, muted: false, talking: false },
    }));
  return { channels, queues: [...queues.values()].filter((q) => q.name !== ''), conferences };
}
