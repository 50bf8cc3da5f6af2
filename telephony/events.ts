/**
 * The telephony domain vocabulary. Everything that leaves telephony/ is one of these unions,
 * discriminated by `name`; JSON-safe (ISO 8601 strings, no Date, no Map).
 *
 * Identity: `callId` is the Asterisk Linkedid of the call; `channelId` is a channel's Uniqueid;
 * `interface` is a queue member's device, normalised (`PJSIP/1001` even when the queue member is the
 * FreePBX-style `Local/1001@from-queue/n`).
 */

/**
 * Who ended a call, one rule for every call: `console` when this application asked (AMI Hangup), otherwise the
 * side whose own hang-up request came first (HangupRequest: a phone's BYE), else the side whose leg went
 * first. `caller` is the citizen's side (the caller of a queue call, the called citizen of a click-to-call),
 * `agent` the agent's phone (it hung up, or never answered a click-to-call). `system`: the PBX ended it (it
 * shut down or restarted with the call); `unknown`: it ended unseen while the PBX kept running.
 */
export type HangupSide = 'caller' | 'agent' | 'console' | 'transfer' | 'system' | 'unknown';

/** Why an offer to a member was withdrawn. */
export type RetractReason = 'no_answer' | 'busy' | 'rejected' | 'answered_elsewhere' | 'caller_left' | 'transfer_cancelled';

export interface CallQueued {
  name: 'call:queued';
  callId: string;
  channelId: string;
  queue: string;
  position: number;
  callerNumber: string;
  callerName: string;
  at: string;
}

/** The pop: the call rings at `interface` (AgentCalled). */
export interface CallOffered {
  name: 'call:offered';
  callId: string;
  queue: string;
  interface: string;
  memberName: string;
  /** Uniqueid of the member leg that rings. */
  agentChannelId: string;
  callerNumber: string;
  callerName: string;
  at: string;
  /** The call reached this member after an agent transferred it (a queue again, a Dial of the target, an attended consult). */
  afterTransfer?: boolean;
}

export interface CallAnswered {
  name: 'call:answered';
  callId: string;
  queue: string;
  interface: string;
  memberName: string;
  /** Uniqueid of the member leg that answered, when known (AgentConnect's DestUniqueid). */
  agentChannelId?: string;
  holdSeconds: number;
  ringSeconds: number;
  at: string;
  /** See CallOffered.afterTransfer; for an attended transfer, the target picked up the consultation. */
  afterTransfer?: boolean;
}

export interface CallRetracted {
  name: 'call:retracted';
  callId: string;
  queue: string;
  interface: string;
  reason: RetractReason;
  at: string;
}

/** The caller left the queue (any reason); the waiting list drops them. */
export interface CallDequeued {
  name: 'call:dequeued';
  callId: string;
  queue: string;
  at: string;
}

export interface CallAbandoned {
  name: 'call:abandoned';
  callId: string;
  queue: string;
  position: number;
  originalPosition: number;
  holdSeconds: number;
  at: string;
}

/** An agent's part of the call ended with a transfer (BlindTransfer, AttendedTransfer or AgentComplete `transfer`); the caller goes on. */
export interface CallTransferred {
  name: 'call:transferred';
  callId: string;
  queue: string;
  interface: string;
  holdSeconds: number;
  talkSeconds: number;
  at: string;
}

export interface CallEnded {
  name: 'call:ended';
  callId: string;
  queue: string | null;
  /** The member that talked to the caller, if any. */
  interface: string | null;
  hangupBy: HangupSide;
  holdSeconds: number;
  talkSeconds: number;
  at: string;
  /**
   * The end was not seen: the call was found gone after the link came back, and `at` is the last moment it
   * was known alive (the link's last sign of life).
   */
  estimated?: boolean;
}

/** How far an ordinary Dial() outside the queues got (click-to-call's citizen leg). */
export type DialStatus = 'ringing' | 'answered' | 'busy' | 'no_answer' | 'failed' | 'cancelled';

/** The dialled side of a non-queue call changed: it rings, answers, or the dial failed. */
export interface CallDialled {
  name: 'call:dialled';
  callId: string;
  status: DialStatus;
  /** The dialled number as the PBX shows it. */
  number: string;
  at: string;
}

export type CallEvent =
  | CallQueued
  | CallOffered
  | CallAnswered
  | CallRetracted
  | CallDequeued
  | CallAbandoned
  | CallTransferred
  | CallEnded
  | CallDialled;

/** Device states of a queue member (Asterisk `enum ast_device_state`). */
export type MemberStatus =
  | 'unknown'
  | 'idle'
  | 'in_use'
  | 'busy'
  | 'invalid'
  | 'unavailable'
  | 'ringing'
  | 'ring_in_use'
  | 'on_hold';

/** Everything Asterisk says about a member in QueueMember* events. */
export interface MemberFacts {
  queue: string;
  interface: string;
  /** The member as Asterisk names it (`Local/1001@from-queue/n`); QueuePause takes this one. */
  asteriskInterface: string;
  memberName: string;
  status: MemberStatus;
  paused: boolean;
  pausedReason: string;
  inCall: boolean;
  callsTaken: number;
}

export interface MemberStatusChanged extends MemberFacts {
  name: 'member:status';
  at: string;
}

export interface MemberPaused extends MemberFacts {
  name: 'member:paused';
  at: string;
}

export interface MemberAdded extends MemberFacts {
  name: 'member:added';
  at: string;
}

export interface MemberRemoved {
  name: 'member:removed';
  queue: string;
  interface: string;
  at: string;
}

export type QueueMemberEvent = MemberStatusChanged | MemberPaused | MemberAdded | MemberRemoved;

export interface ConferenceStarted {
  name: 'conference:started';
  room: string;
  at: string;
}

export interface ConferenceJoined {
  name: 'conference:joined';
  room: string;
  channel: string;
  channelId: string;
  callerNumber: string;
  admin: boolean;
  muted: boolean;
  at: string;
}

export interface ConferenceLeft {
  name: 'conference:left';
  room: string;
  channel: string;
  channelId: string;
  at: string;
}

export interface ConferenceTalking {
  name: 'conference:talking';
  room: string;
  channelId: string;
  talking: boolean;
  at: string;
}

export interface ConferenceMuted {
  name: 'conference:muted';
  room: string;
  channelId: string;
  muted: boolean;
  at: string;
}

export interface ConferenceEnded {
  name: 'conference:ended';
  room: string;
  at: string;
}

export type ConferenceEvent =
  | ConferenceStarted
  | ConferenceJoined
  | ConferenceLeft
  | ConferenceTalking
  | ConferenceMuted
  | ConferenceEnded;

export type OriginateOutcome = 'answered' | 'busy' | 'no_answer' | 'congestion' | 'hung_up' | 'failed';

export interface OriginateResult {
  /** Uniqueid of the originated channel: the ChannelId we chose. */
  channelId: string;
  channel: string;
  success: boolean;
  outcome: OriginateOutcome;
  /** Asterisk's numeric Reason, kept for diagnostics. */
  reasonCode: number;
  /**
   * Whether the PBX made a channel for the dial string at all. A failure without one means it could not
   * dial it (a technology it lacks, an unknown endpoint, a phone not registered): unlike busy or no answer,
   * trying again in a minute will not help. Only `Telephony.originate` knows it.
   */
  channelMade?: boolean;
}

export interface OriginateFinished extends OriginateResult {
  name: 'originate:result';
  actionId: string;
  at: string;
}

/**
 * Channel plumbing. The state needs them to know which channels belong to which call; the server can
 * ignore them.
 */
export interface ChannelCreated {
  name: 'channel:created';
  channelId: string;
  callId: string;
  channel: string;
  /** The device (`PJSIP/1001`) for phone legs; the channel name otherwise. */
  device: string;
  callerNumber: string;
  callerName: string;
  at: string;
}

export interface ChannelHungUp {
  name: 'channel:hangup';
  channelId: string;
  callId: string;
  channel: string;
  cause: number;
  at: string;
}

export type ChannelEvent = ChannelCreated | ChannelHungUp;

/** Asterisk announced a shutdown or came back freshly booted: every call it carried is gone. */
export interface PbxRestarted {
  name: 'pbx:restarted';
  at: string;
}

/**
 * MixMonitor on a channel of the call (`callId` is its Linkedid): started (by us or by the dialplan), muted or
 * unmuted (MixMonitorMute: what the console calls pause / resume), stopped by StopMixMonitor. Asterisk 22 sends
 * no MixMonitorStop when the channel hangs up with the recording running: the call's end closes it.
 */
export interface RecordingStarted {
  name: 'recording:started';
  callId: string;
  channelId: string;
  channel: string;
  at: string;
}

export interface RecordingMuted {
  name: 'recording:muted';
  callId: string;
  channelId: string;
  muted: boolean;
  at: string;
}

export interface RecordingStopped {
  name: 'recording:stopped';
  callId: string;
  channelId: string;
  at: string;
}

export type RecordingEvent = RecordingStarted | RecordingMuted | RecordingStopped;

export type TelephonyEvent = CallEvent | QueueMemberEvent | ConferenceEvent | OriginateFinished | ChannelEvent | PbxRestarted | RecordingEvent;

export type TelephonyEventName = TelephonyEvent['name'];

/** State of the AMI link, as `/api/health` reports it. */
export interface AmiStatus {
  state: 'connected' | 'connecting' | 'auth_failed' | 'disconnected';
  since: string;
  error?: string;
}

export type CallPhase = 'queued' | 'ringing' | 'connected' | 'transferred' | 'active';

export interface CallSnapshot {
  callId: string;
  callerNumber: string;
  callerName: string;
  queue: string | null;
  phase: CallPhase;
  /** Member interfaces the call rings at right now. */
  ringing: string[];
  /** Member interface talking to the caller. */
  connectedTo: string | null;
  queuedAt: string | null;
  answeredAt: string | null;
}

export interface WaitingCaller {
  callId: string;
  callerNumber: string;
  callerName: string;
  position: number;
  since: string;
}

export interface MemberSnapshot {
  interface: string;
  memberName: string;
  status: MemberStatus;
  paused: boolean;
  pausedReason: string;
  inCall: boolean;
  callsTaken: number;
}

/** Counters since local midnight (or since the process started, if later). */
export interface QueueToday {
  date: string;
  offered: number;
  answered: number;
  abandoned: number;
  answeredWithinServiceLevel: number;
  serviceLevelSeconds: number;
  waitSecondsSum: number;
  talkSecondsSum: number;
}

/**
 * A queue's counters as the PBX itself reports them in QueueStatus's `QueueParams` (since Asterisk started or
 * the queue was reset, not per day). `serviceLevelPerf` is ServicelevelPerf: answered within the threshold
 * among completed calls (abandoned calls are not misses); `serviceLevelPerf2` counts callers who abandoned
 * within the threshold as in service level. `holdtime` / `talktime` are Asterisk's exponential averages (s).
 */
export interface QueueParamsReport {
  queue: string;
  serviceLevelSeconds: number;
  completed: number;
  abandoned: number;
  holdtime: number;
  talktime: number;
  serviceLevelPerf: number;
  serviceLevelPerf2: number;
  /** When the PBX said so. */
  at: string;
}

export interface QueueSnapshot {
  name: string;
  waiting: WaitingCaller[];
  members: MemberSnapshot[];
  today: QueueToday;
  /** The last QueueParams the PBX sent (resync, periodic re-read); null before the first. */
  pbx: QueueParamsReport | null;
}

export interface ConferenceParticipant {
  channel: string;
  channelId: string;
  callerNumber: string;
  admin: boolean;
  muted: boolean;
  talking: boolean;
}

export interface ConferenceSnapshot {
  room: string;
  participants: ConferenceParticipant[];
}

export interface TelephonySnapshot {
  at: string;
  /** On the snapshot of a resync after a lost link: when the calls that vanished were last known alive. */
  lastAliveAt?: string;
  /** When the PBX process started (from FullyBooted): calls that began before it and are gone were cut by it (`system`). */
  pbxStartedAt?: string;
  calls: CallSnapshot[];
  queues: QueueSnapshot[];
  conferences: ConferenceSnapshot[];
}
