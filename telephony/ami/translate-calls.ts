import type { AmiMessage } from './message';
import type { Translation, TranslateContext } from './translator';
import type { DialStatus, RetractReason } from '../events';
import type { DialProgress } from './translated';
import { callerIdField, field, intField } from './message';
import { deviceOf, memberInterface } from './channel-names';

/**
 * Queue and channel events. In every app_queue event the main channel snapshot is the caller and the
 * `Dest*` snapshot is the member leg (a Local channel for FreePBX members), so the roles never need
 * guessing from channel names. The call is keyed by the caller's Linkedid, not its Uniqueid.
 */

function caller(message: AmiMessage) {
  return {
    callId: field(message, 'linkedid') || field(message, 'uniqueid'),
    callerNumber: callerIdField(message, 'calleridnum'),
    callerName: callerIdField(message, 'calleridname'),
  };
}

function member(message: AmiMessage, context: TranslateContext) {
  return {
    queue: field(message, 'queue'),
    interface: memberInterface(field(message, 'interface'), context.localTech),
    memberName: field(message, 'membername'),
  };
}

const dialFailures: Record<string, RetractReason> = {
  NOANSWER: 'no_answer',
  BUSY: 'busy',
  CONGESTION: 'rejected',
  CHANUNAVAIL: 'rejected',
};

const newChannel: Translation = (m, c) => [
  {
    name: 'channel:created',
    channelId: field(m, 'uniqueid'),
    callId: field(m, 'linkedid') || field(m, 'uniqueid'),
    channel: field(m, 'channel'),
    device: deviceOf(field(m, 'channel'), c.localTech),
    callerNumber: callerIdField(m, 'calleridnum'),
    callerName: callerIdField(m, 'calleridname'),
    at: c.at,
  },
];

const hangup: Translation = (m, c) => [
  {
    name: 'channel:hangup',
    channelId: field(m, 'uniqueid'),
    callId: field(m, 'linkedid') || field(m, 'uniqueid'),
    channel: field(m, 'channel'),
    cause: intField(m, 'cause'),
    at: c.at,
  },
];

/** ast_softhangup() reports its flag as the Cause: 4 is AST_SOFTHANGUP_SHUTDOWN. */
const SOFTHANGUP_SHUTDOWN = 4;

const hangupRequest = (soft: boolean): Translation => (m, c) => [
  {
    name: 'channel:hangup-request', channelId: field(m, 'uniqueid'), callId: field(m, 'linkedid') || field(m, 'uniqueid'), soft,
    shutdown: soft && intField(m, 'cause') === SOFTHANGUP_SHUTDOWN, at: c.at,
  },
];

const callerJoin: Translation = (m, c) => [
  { name: 'call:queued', ...caller(m), channelId: field(m, 'uniqueid'), queue: field(m, 'queue'), position: intField(m, 'position'), at: c.at },
];

const agentCalled: Translation = (m, c) => [
  { name: 'call:offered', ...caller(m), ...member(m, c), agentChannelId: field(m, 'destuniqueid'), at: c.at },
];

const agentConnect: Translation = (m, c) => [
  {
    name: 'call:answered',
    callId: caller(m).callId,
    ...member(m, c),
    agentChannelId: field(m, 'destuniqueid'),
    holdSeconds: intField(m, 'holdtime'),
    ringSeconds: intField(m, 'ringtime'),
    at: c.at,
  },
];

const agentRingNoAnswer: Translation = (m, c) => {
  const { queue, interface: iface } = member(m, c);
  return [{ name: 'call:retracted', callId: caller(m).callId, queue, interface: iface, reason: 'no_answer', at: c.at }];
};

const dialStatuses: Record<string, DialStatus> = {
  RINGING: 'ringing',
  ANSWER: 'answered',
  BUSY: 'busy',
  NOANSWER: 'no_answer',
  CONGESTION: 'failed',
  CHANUNAVAIL: 'failed',
  CANCEL: 'cancelled',
};

/** Every dial's progress, for calls outside the queues (the state ignores it for queue calls). */
function dialProgress(m: AmiMessage, c: TranslateContext, status: DialStatus | undefined): DialProgress[] {
  if (!status) return [];
  const number = field(m, 'dialstring').split('@')[0]?.split('/').pop() || callerIdField(m, 'destcalleridnum');
  return [{ name: 'dial:progress', callId: caller(m).callId, channelId: field(m, 'uniqueid'), destChannelId: field(m, 'destuniqueid'), number, status, at: c.at }];
}

const dialBegin: Translation = (m, c) => dialProgress(m, c, 'ringing');

const dialState: Translation = (m, c) => dialProgress(m, c, dialStatuses[field(m, 'dialstatus').toUpperCase()]);

/** For queue offers only non-ANSWER ends matter: AgentConnect confirms answers with the hold and ring times. */
const dialEnd: Translation = (m, c) => {
  const status = field(m, 'dialstatus').toUpperCase();
  const callId = caller(m).callId;
  const iface = deviceOf(field(m, 'destchannel'), c.localTech);
  const progress = dialProgress(m, c, dialStatuses[status]);
  if (status === 'CANCEL') {
    return [{ name: 'dial:cancelled', callId, interface: iface, agentChannelId: field(m, 'destuniqueid'), at: c.at }, ...progress];
  }
  const reason = dialFailures[status];
  // DialEnd carries no Queue; the state fills it in from the offer it retracts.
  return [...(reason ? [{ name: 'call:retracted', callId, queue: '', interface: iface, reason, at: c.at } as const] : []), ...progress];
};

const callerLeave: Translation = (m, c) => [{ name: 'call:dequeued', callId: caller(m).callId, queue: field(m, 'queue'), at: c.at }];

const callerAbandon: Translation = (m, c) => [
  {
    name: 'call:abandoned',
    callId: caller(m).callId,
    queue: field(m, 'queue'),
    position: intField(m, 'position'),
    originalPosition: intField(m, 'originalposition'),
    holdSeconds: intField(m, 'holdtime'),
    at: c.at,
  },
];

const agentComplete: Translation = (m, c) => {
  const { queue, interface: iface } = member(m, c);
  const callId = caller(m).callId;
  const holdSeconds = intField(m, 'holdtime');
  const talkSeconds = intField(m, 'talktime');
  const reason = field(m, 'reason').toLowerCase();
  if (reason === 'transfer') {
    return [{ name: 'call:transferred', callId, queue, interface: iface, holdSeconds, talkSeconds, at: c.at }];
  }
  const hangupBy = reason === 'caller' || reason === 'agent' ? reason : 'unknown';
  return [{ name: 'call:ended', callId, queue, interface: iface, hangupBy, holdSeconds, talkSeconds, at: c.at }];
};

/** Asterisk 22: BlindTransfer names Transferer… and Transferee…; AttendedTransfer OrigTransferer…, SecondTransferer…, TransferTarget…. */
const transferDone = (kind: 'blind' | 'attended'): Translation => (m, c) => {
  if (field(m, 'result').toLowerCase() !== 'success') return [];
  const callId = kind === 'blind'
    ? field(m, 'transfererlinkedid') || field(m, 'transfereelinkedid')
    : field(m, 'origtransfererlinkedid') || field(m, 'transfereelinkedid');
  return callId ? [{ name: 'transfer:done', callId, kind, at: c.at }] : [];
};

export const callHandlers: Record<string, Translation> = {
  blindtransfer: transferDone('blind'),
  attendedtransfer: transferDone('attended'),
  newchannel: newChannel,
  hangup,
  hanguprequest: hangupRequest(false),
  softhanguprequest: hangupRequest(true),
  queuecallerjoin: callerJoin,
  agentcalled: agentCalled,
  agentconnect: agentConnect,
  agentringnoanswer: agentRingNoAnswer,
  dialbegin: dialBegin,
  dialstate: dialState,
  dialend: dialEnd,
  queuecallerleave: callerLeave,
  queuecallerabandon: callerAbandon,
  agentcomplete: agentComplete,
};
