/**
 * The typed Socket.IO contract between the server and the console.
 * The client imports this file with `import type` only.
 */

export type AgentState = 'available' | 'paused' | 'ringing' | 'in_call' | 'wrap_up' | 'offline';

export interface CardRequest {
  id: number;
  number: string;
  status: string;
  topic: { code: string; name: string };
  executor: { id: number; name: string } | null;
  dueAt: string | null;
  overdueDays: number;
}

export interface CardCall {
  callId: string;
  at: string;
  queue: string | null;
  outcome: string;
  talkSeconds: number | null;
  /** Its recording, if one was made (playable by supervisors and admins: GET /api/calls/:callId/recording). */
  recording?: { available: boolean; durationSeconds: number | null } | null;
}

/** An active outage at the caller's address: the card says so first. */
export interface CardOutage {
  id: number;
  kind: string;
  planned: boolean;
  startsAt: string;
  expectedEndAt: string | null;
  /** What the agent reads out. */
  text: string;
  /** The mass incident calls attach to (a request); null until the first call is attached. */
  incidentId: number | null;
}

/** The spike detector's "possible outage": many calls of one topic group from one street in a few minutes. */
export interface OutageSuspicionView {
  id: number;
  street: string;
  buildings: string | null;
  topicGroup: string;
  calls: number;
  since: string;
  lastAt: string;
  callIds: string[];
}

export interface CardCitizen {
  id: number;
  fullName: string | null;
  phones: string[];
  address: string | null;
  district: string | null;
  category: string | null;
  privileged: boolean;
  confidential: boolean;
}

export interface CallerCard {
  citizen: CardCitizen | null;
  openRequests: CardRequest[];
  recentRequests: CardRequest[];
  recentCalls: CardCall[];
  callsLast30Days: number;
  /** Active outages at the caller's address, the most recently started first (empty when none). */
  outages: CardOutage[];
  /** True when the database did not answer in time; the full card follows with `call:card`. */
  historyUnavailable?: boolean;
  /** Active information notices tagged with the caller's district or with the topics of their open requests. */
  notices: CardNotice[];
  /** The open request the caller has called about most, when they have called about it before. */
  escalation: CardEscalation | null;
}

export interface CardNotice {
  id: number;
  title: string;
}

/** `calls`: calls attached to the request so far; `since`: the first of them; `marked`: on the supervisor's escalation list. */
export interface CardEscalation {
  requestId: number;
  number: string;
  calls: number;
  since: string;
  marked: boolean;
}

/** A notice published just now (`notice:published`): the console reads the list again over HTTP. */
export interface NoticePublished {
  id: number;
  kind: string;
  title: string;
  validUntil: string;
}

export interface OfferedCall {
  callId: string;
  queue: string;
  callerNumber: string | null;
  callerName: string | null;
  offeredAt: string;
  card: CallerCard;
  /** Set when the call reached this agent through a colleague's transfer. */
  transferredFrom?: TransferredFrom;
}

/** A transferred call's pop: who handed it on, and the requests they registered or attached to it. */
export interface TransferredFrom {
  userId: number;
  fullName: string | null;
  requestIds: number[];
}

export interface CurrentCall extends OfferedCall {
  /** For a click-to-call (`direction: 'out'`): `dialling` while the agent's own phone rings, `ringing` while the citizen's does. */
  state: 'dialling' | 'ringing' | 'answered' | 'ended';
  answeredAt: string | null;
  endedAt: string | null;
  /** `in` (a queue call, the default) or `out` (click-to-call). */
  direction?: 'in' | 'out';
  /** Click-to-call: what became of the citizen's leg so far (answered, busy, no_answer, failed). */
  outcome?: string | null;
}

export interface AgentSnapshot {
  state: AgentState;
  pausedReason: string | null;
  call: CurrentCall | null;
}

export interface QueueMemberView {
  interface: string;
  userId: number | null;
  status: string;
  paused: boolean;
  pausedReason: string | null;
  inCall: boolean;
}

/** Wallboard colours: a figure at or past `amber` / `red` shows in that colour. Set per queue by a supervisor. */
export interface WallboardThresholds {
  /** Callers waiting. */
  waitingAmber: number;
  waitingRed: number;
  /** Longest wait, seconds. */
  longestWaitAmber: number;
  longestWaitRed: number;
  /** Service level in %, amber / red when BELOW these. */
  serviceLevelAmber: number;
  serviceLevelRed: number;
}

export interface QueueSettingsView {
  queue: string;
  /** Our service level's threshold: answered within this many seconds (20 by default). */
  serviceLevelSeconds: number;
  thresholds: WallboardThresholds;
  /** The queue's name for people ("Гаряча лінія"); null = show the PBX's name. */
  displayName: string | null;
}

/**
 * Today's calls of a queue counted with Asterisk's definitions (app_queue, QueueStatus → QueueParams) and the
 * PBX's own threshold: SL = answered within it among completed calls (abandoned calls are not misses), SL2 =
 * (completed + abandoned within it) among completed + abandoned; holdtime / talktime its exponential averages.
 */
export interface AsteriskFigures {
  serviceLevelSeconds: number;
  completed: number;
  abandoned: number;
  serviceLevelPerf: number;
  serviceLevelPerf2: number;
  holdtime: number;
  talktime: number;
}

export interface QueueToday {
  offered: number;
  answered: number;
  abandoned: number;
  /**
   * Our service level (fraction): answered within `serviceLevelSeconds`, of the callers who got an outcome
   * (answered, abandoned, timed out) except those who hung up within `shortAbandonSeconds`.
   */
  serviceLevel: number | null;
  averageWaitSeconds: number | null;
  /** Timed out or left without an answer, not by hanging up. */
  unanswered?: number;
  answeredWithinServiceLevel?: number;
  serviceLevelSeconds?: number;
  /** Abandoned within `shortAbandonSeconds`: left out of the service level (neither hit nor miss). */
  shortAbandoned?: number;
  shortAbandonSeconds?: number;
  averageTalkSeconds?: number | null;
  asterisk?: AsteriskFigures;
}

/** QueueParams as the PBX sent them last: counted since Asterisk started (or the queue was reset), not per day. */
export interface PbxQueueParams extends AsteriskFigures {
  at: string;
}

export interface QueueView {
  name: string;
  waiting: { callId: string; callerNumber: string | null; position: number; since: string }[];
  members: QueueMemberView[];
  today: QueueToday;
  /** When the caller waiting longest joined (the client ticks it); null when nobody waits. */
  longestWaitSince?: string | null;
  settings?: QueueSettingsView;
  pbx?: PbxQueueParams | null;
}

/** One agent in the supervisors' grid. The call's caller is personal data: supervisors only. */
export interface AgentGridRow {
  userId: number;
  name: string;
  interface: string | null;
  state: AgentState;
  /** Since when the agent is in `state` (the client ticks the time in state). */
  since: string;
  pausedReason: string | null;
  call: { callId: string; queue: string | null; callerNumber: string | null; citizenId: number | null; citizenName: string | null; since: string } | null;
  answeredToday: number;
  averageHandleSeconds: number | null;
}

/** Everything the live page shows, as one answer (`GET /api/supervisor/live`, `supervisor:snapshot`). */
export interface SupervisorLive {
  at: string;
  link: TelephonyStatusView;
  queues: QueueView[];
  agents: AgentGridRow[];
}

/** The AMI link as consoles see it; `standby` on a node that is not the AMI leader. */
export interface TelephonyStatusView {
  state: 'connected' | 'connecting' | 'auth_failed' | 'disconnected' | 'standby';
  since: string;
}

/**
 * A request changed. No personal data: whoever may see the request reads it again over HTTP, where the
 * view decides what their role sees (an executor never gets a confidential citizen's data).
 */
export interface RequestChange {
  id: number;
  version: number;
  status: string;
  executorId: number | null;
  updatedAt: string;
  /** The latest timeline line's id: a comment adds one without a new version. */
  lastEventId: number;
  /** True when the request was just registered. */
  created?: boolean;
}

export interface ConsultationPanelLeg {
  id: number;
  who: 'official' | 'citizen' | 'guest';
  number: string;
  state: 'dialing' | 'joined' | 'left' | 'failed';
  direction: 'out' | 'in';
  participantId: number | null;
  name: string | null;
  question: string | null;
  attempts: number;
  muted: boolean;
  talking: boolean;
  joinedAt: string | null;
  /** A failed attempt (`state: 'failed'`) that will be dialled again at this time; null when none is pending. */
  retryAt: string | null;
  /**
   * Why the last attempt failed: `busy`, `no_answer`, `congestion`, `hung_up`, `failed`, `undialable` (the PBX
   * could not dial it at all), `cancelled` (the consultation ended), `joined_other_leg` (they got in another way).
   */
  reason: string | null;
}

/** The live panel of a running consultation: who is in, who talks, whose question is on. */
export interface ConsultationPanel {
  id: number;
  status: string;
  room: string;
  alert: string | null;
  startedAt: string | null;
  legs: ConsultationPanelLeg[];
  speaking: { legId: number; participantId: number | null; name: string | null; question: string | null } | null;
  /** Registered citizens not dialled yet. */
  waiting: number;
}

/**
 * `fault`: why a recording that should have been made was not (`folder_missing`, `folder_full`, `pbx_refused`,
 * `file_missing`): the call went on unrecorded.
 */
export interface RecordingChange {
  callId: string;
  state: 'recording' | 'available' | 'failed';
  paused: boolean;
  fault?: 'folder_missing' | 'folder_full' | 'pbx_refused' | 'file_missing';
  at: string;
}

/** A supervisor's listen / whisper / barge session; `since` is null while their own phone is still ringing. */
export interface CoachingSessionView {
  sessionId: string;
  agentUserId: number;
  mode: 'listen' | 'whisper' | 'barge';
  since: string | null;
}

export interface ServerToClientEvents {
  /** A supervisor listens, whispers or barges in on this agent's call (shown when COACHING_VISIBLE). */
  'coach:started': (e: { sessionId: string; mode: 'listen' | 'whisper' | 'barge' }) => void;
  'coach:ended': (e: { sessionId: string; mode: 'listen' | 'whisper' | 'barge' }) => void;
  /** To the supervisor: their session as it is now, or `null` once it ended (`reason` as in the audit log). */
  'coach:session': (e: { session: CoachingSessionView | null; reason?: string }) => void;
  'agent:snapshot': (s: AgentSnapshot) => void;
  'call:offered': (c: OfferedCall) => void;
  /** The card again, when it was sent without history because the database was slow. */
  'call:card': (c: { callId: string; card: CallerCard }) => void;
  'call:answered': (c: { callId: string; answeredAt: string }) => void;
  'call:retracted': (c: { callId: string; reason: string }) => void;
  /** `outcome` and `reason` for click-to-call: answered / busy / no_answer / failed, and why it failed. */
  'call:ended': (c: { callId: string; endedAt: string; talkSeconds: number | null; outcome?: string; reason?: string }) => void;
  /** `at`: the server's clock (waits tick from it); `link`: the PBX link when it was taken (stale when not connected). */
  'queues:snapshot': (s: { queues: QueueView[]; at?: string; link?: TelephonyStatusView }) => void;
  /**
   * Supervisors only: the agent grid, with the same coalescing as `queues:snapshot`. `full: true` (on connect)
   * replaces the grid; otherwise `agents` are the rows that changed and `removed` the agents no longer listed.
   */
  'agents:grid': (g: { at: string; full: boolean; agents: AgentGridRow[]; removed?: number[] }) => void;
  /** On connect and whenever the phone system's link changes. */
  'telephony:status': (s: TelephonyStatusView) => void;
  'request:changed': (c: RequestChange) => void;
  'consultation:panel': (p: ConsultationPanel) => void;
  /**
   * To the organiser and supervisors: the official cannot be reached or left the room, or the PBX cannot dial a
   * leg at all (`official_undialable`, `leg_undialable`: `channel` is the dial string it refused).
   */
  'consultation:alert': (a: { id: number; topic: string; alert: string; legId?: number; channel?: string }) => void;
  /** To staff: the abandoned-caller worklist changed; reload it (`GET /api/abandoned`). No personal data. */
  'worklist:changed': (c: { at: string }) => void;
  /** Supervisors: the spike detector saw a burst that may be an outage nobody declared (again with new counts as it grows). */
  'outage:suspected': (s: OutageSuspicionView) => void;
  /** Supervisors: a suspicion was declared or dismissed; the live page drops it. */
  'outage:suspicion-closed': (s: { id: number; status: 'declared' | 'dismissed'; outageId: number | null }) => void;
  /** The call's recording changed (started, paused, resumed, ended, failed): to its agent and to supervisors. */
  'recording:changed': (c: RecordingChange) => void;
  /** To staff: a supervisor published an information notice. */
  'notice:published': (n: NoticePublished) => void;
  /** A weekly digest attempt was recorded (sent or kept): the digests page reads it again. */
  'digests:changed': (c: { week: string; at: string }) => void;
}

/** Why a field was refused, as a code and its figures (server/http/reasons.ts); the console words it. */
export type FieldReason = { code: string } & Record<string, string | number>;

/**
 * A refused or failed client message: docs/API.md's error shape with `ok: false` (`invalid_input` names the bad
 * fields, `forbidden` a role that may not, 503 codes a dependency that is down).
 */
export interface AckError {
  ok: false;
  error: { code: string; message: string; fields?: Record<string, string>; reasons?: Record<string, FieldReason> };
}

export type Ack<T = object> = (reply: ({ ok: true } & T) | AckError) => void;

export interface ClientToServerEvents {
  'agent:pause': (p: { paused: boolean; reason?: string }, ack: Ack) => void;
  /**
   * The console's softphone registered (or lost it). With QUEUE_LOGIN=pause an agent whose phone is not
   * registered is paused `no_phone` until it is; without a softphone the console never sends it.
   */
  'phone:state': (p: { registered: boolean }, ack: Ack) => void;
  /** Step out of the queues, or back in (when the server manages queue log-in). */
  'agent:queue': (p: { loggedIn: boolean }, ack: Ack) => void;
  /** Follow one request's changes while its page is open; refused when the user may not see it. */
  'request:watch': (p: { id: number }, ack: Ack) => void;
  /** The acknowledgement is optional: without one a bad payload is dropped unanswered. */
  'request:unwatch': (p: { id: number }, ack?: Ack) => void;
  /** Staff and the consultation's own official follow its live panel. */
  'consultation:watch': (p: { id: number }, ack: Ack<{ panel: ConsultationPanel }>) => void;
  'consultation:unwatch': (p: { id: number }, ack?: Ack) => void;
  /**
   * Supervisors whose page shows agents from `agents:grid` (the live page, the wallboard) ask for
   * `queues:snapshot` without `members` (a 1,000-member queue is 100 KB a snapshot); others keep v1's shape.
   */
  'queues:lean': (p: { lean: boolean }, ack: Ack) => void;
  /** Supervisors: the whole live picture at once (queues and agents); refused to anyone else. */
  'supervisor:snapshot': (p: object, ack: Ack<{ snapshot: SupervisorLive }>) => void;
}
