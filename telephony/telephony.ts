import { randomUUID } from 'node:crypto';
import type { AmiStatus, ConferenceParticipant, OriginateResult, QueueParamsReport, TelephonyEvent, TelephonySnapshot } from './events';
import type { AmiConnection } from './ami/connection';
import type { AmiMessage } from './ami/message';
import type { LogFn } from './ami/client';
import type { OriginateRequest, RedirectRequest, TransferTarget } from './actions';
import { AmiActionError } from './ami/errors';
import { AmiClient } from './ami/client';
import { AmiLinkError } from './ami/errors';
import { createTranslator } from './ami/translator';
import { clampDurations, type ClampedDuration } from './state/durations';
import { createSkippedFrames } from './ami/skipped-frames';
import { TelephonyState } from './state/telephony-state';
import { pbxFacts, queueParams } from './state/pbx-facts';
import { confbridgeList, originate } from './actions';
import { recordingAction } from './recording-actions';
import { DEFAULT_LOCAL_TECH } from './ami/channel-names';
import { eventName, field } from './ami/message';

export interface TelephonyOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  log?: LogFn;
  now?: () => Date;
  /** Technology of the phones behind FreePBX `Local/<exten>@from-queue/n` members. Default `PJSIP`. */
  localTech?: string;
  /** Timing knobs; the defaults suit production (tests shrink them). */
  timing?: {
    backoffInitialMs?: number;
    backoffMaxMs?: number;
    pingIntervalMs?: number;
    pingTimeoutMs?: number;
    actionTimeoutMs?: number;
    connectTimeoutMs?: number;
    /** How often members are re-read with QueueStatus (`queue reload` sends no event). Default 30 s. */
    queueRefreshMs?: number;
  };
}

/** The telephony layer the server uses; see index.ts for the whole story. */
export interface Telephony {
  /** Connects and keeps the link up until `stop()`: probes every ≤ 2 s while Asterisk is away (30 s on bad credentials). */
  start(): void;
  /** Logs off and stops reconnecting. */
  stop(): Promise<void>;
  /** For `/api/health`: connected | connecting | auth_failed | disconnected, since when, why. */
  status(): AmiStatus;
  /** Every domain event, synchronously, after the state applied it. Returns an unsubscribe function. */
  onEvent(listener: (e: TelephonyEvent) => void): () => void;
  /** The full snapshot after each (re)connect and rebuild: push it to browsers instead of deltas. */
  onResync(listener: (s: TelephonySnapshot) => void): () => void;
  /**
   * The members re-read (after a `Reload` event, and every `queueRefreshMs`): the snapshot as it is now. A reload
   * of app_queue drops every pause reason, so whoever owns pauses checks them here (`onResync` covers reconnects).
   */
  onQueuesRefreshed(listener: (s: TelephonySnapshot) => void): () => void;
  /** Every change of the link's state (what `status()` answers). */
  onStatus(listener: (s: AmiStatus) => void): () => void;
  /** Calls (who rings, who talks), queues (waiting, members, today's counters), conferences. */
  snapshot(): TelephonySnapshot;
  /** QueuePause; `iface` as the events name it (`PJSIP/1001`, also for Local members); all queues unless `queue`. */
  pause(iface: string, paused: boolean, reason?: string, queue?: string): Promise<void>;
  /** Async Originate with our ChannelId; resolves with the OriginateResponse outcome (busy etc. resolve too). */
  originate(request: OriginateRequest): Promise<OriginateResult>;
  /** Hangs up a channel by name (`PJSIP/1001-0000002a`). */
  hangup(channel: string): Promise<void>;
  /** Hangs up every channel of a call (Linkedid); false when the PBX has no such call. */
  hangupCall(callId: string): Promise<boolean>;
  /** QueueAdd (a dynamic member, as `iface` names it to Asterisk) to one queue. */
  queueAdd(queue: string, iface: string, memberName?: string): Promise<void>;
  /** QueueRemove of a dynamic member from one queue. */
  queueRemove(queue: string, iface: string): Promise<void>;
  /** Moves a channel (and optionally its peer) to context/exten/priority. */
  redirect(request: RedirectRequest): Promise<void>;
  /** Who is in a ConfBridge room; an empty or unknown room is `[]`. */
  confbridgeList(room: string): Promise<ConferenceParticipant[]>;
  /** Kicks a channel, `all`, or `participants` (everyone but admins). */
  confbridgeKick(room: string, channel: string): Promise<void>;
  confbridgeMute(room: string, channel: string, muted: boolean): Promise<void>;
  /** The PBX's own counters (QueueStatus → QueueParams) read now: its service levels, holdtime, talktime. */
  queueParams(queue?: string): Promise<QueueParamsReport[]>;
  /** Setvar without a channel: a dialplan global (a consultation room's dial-in PIN). */
  setVariable(name: string, value: string): Promise<void>;
  /** MixMonitor of the call into `file` (relative: Asterisk's monitor folder); false when the PBX has no such call. */
  startRecording(callId: string, file: string): Promise<boolean>;
  /** MixMonitorMute of both directions: the recording is paused (silence) or resumed; false when no such call. */
  muteRecording(callId: string, muted: boolean): Promise<boolean>;
  /**
   * BlindTransfer (`attended: false`) or Atxfer of the call's caller by the member leg that talks to them. An
   * attended transfer completes when that leg hangs up (`transferLegs().agent`) and is cancelled when the
   * target's does (`transferLegs().target`). Rejects with an AmiActionError when the call has no agent leg.
   */
  transfer(callId: string, target: TransferTarget, attended: boolean): Promise<void>;
  /** The channel names of a call's transfer: the agent's leg talking to the caller, the consulted target's leg. */
  transferLegs(callId: string): { agent: string | null; target: string | null };
}

const SWEEP_EVERY_MS = 60_000;
const QUEUE_REFRESH_MS = 30_000;

interface Buffered {
  message: AmiMessage;
  seq: number;
}

export function createTelephony(options: TelephonyOptions): Telephony {
  const now = options.now ?? (() => new Date());
  const log: LogFn = options.log ?? (() => {});
  const localTech = options.localTech ?? DEFAULT_LOCAL_TECH;
  const translate = createTranslator({ now, localTech });
  const state = new TelephonyState();
  const eventListeners = new Set<(e: TelephonyEvent) => void>();
  const resyncListeners = new Set<(s: TelephonySnapshot) => void>();
  const statusListeners = new Set<(s: AmiStatus) => void>();
  const refreshListeners = new Set<(s: TelephonySnapshot) => void>();
  // The last frame from the PBX: after a silent death (ping timeout) calls were last known alive then.
  let lastHeard = Date.now();
  // Non-null while a resync is running: events wait there until the snapshot is applied.
  let buffer: Buffered[] | null = null;
  // ChannelIds of our Originates in flight → whether a Newchannel with that Uniqueid came (OriginateResponse does not say).
  const originating = new Map<string, boolean>();

  const clamped = (c: ClampedDuration) => log('warn', 'absurd duration from the PBX clamped', c);

  function publish(events: TelephonyEvent[]): void {
    for (const raw of events) {
      // Durations the state derived from the PBX's timestamps are held to the same day as the PBX's own fields.
      const event = clampDurations(raw, clamped);
      for (const listener of eventListeners) {
        try {
          listener(event);
        } catch (error) {
          log('error', 'telephony event listener failed', { event: event.name, error: String(error) });
        }
      }
    }
  }

  const skipped = createSkippedFrames(log);

  /** Any field of any frame may be absurd: one that cannot be translated or applied is skipped, not fatal. */
  function applyMessage(message: AmiMessage): void {
    try {
      for (const event of translate(message)) {
        const clampedEvent = clampDurations(event, clamped);
        if (clampedEvent.name === 'channel:created' && originating.has(clampedEvent.channelId)) originating.set(clampedEvent.channelId, true);
        publish(state.apply(clampedEvent));
      }
    } catch (error) {
      skipped(error, message);
    }
    // `module reload app_queue` (or any reload) announces itself only so; the members may have changed.
    if (eventName(message) === 'reload') void refreshQueues();
  }

  /** Members re-read with QueueStatus + QueueSummary (cheap: no channel list), changes published as member events. */
  async function refreshQueues(): Promise<void> {
    const current = client.connection;
    if (!current || buffer) return;
    try {
      const [queueStatus, queueSummary] = await Promise.all([current.list({ Action: 'QueueStatus' }), current.list({ Action: 'QueueSummary' })]);
      if (client.connection !== current || buffer) return;
      const facts = pbxFacts({ channels: [], queueStatus: queueStatus.items, queueSummary: queueSummary.items }, now().toISOString(), localTech);
      publish(state.refreshQueues(facts.queues, now().toISOString()));
      const snapshot = state.snapshot(now().toISOString());
      for (const listener of refreshListeners) {
        try {
          listener(snapshot);
        } catch (error) {
          log('error', 'telephony refresh listener failed', { error: String(error) });
        }
      }
    } catch (error) {
      log('warn', 'queue refresh failed', { error: (error as Error).message });
    }
  }

  async function resync(connection: AmiConnection): Promise<void> {
    const [channels, queueStatus, queueSummary] = await Promise.all([
      connection.list({ Action: 'CoreShowChannels' }),
      connection.list({ Action: 'QueueStatus' }),
      connection.list({ Action: 'QueueSummary' }),
    ]);
    if (client.connection !== connection) return;
    const buffered = buffer ?? [];
    buffer = null;
    // Events sent before the channel list was taken finish the old picture (an abandon still counts).
    for (const b of buffered) if (b.seq < channels.responseSeq) applyMessage(b.message);
    const at = now().toISOString();
    const facts = pbxFacts({ channels: channels.items, queueStatus: queueStatus.items, queueSummary: queueSummary.items }, at, localTech);
    const lastAliveAt = state.lastAliveAt();
    publish(state.replaceWith(facts, at));
    for (const b of buffered) if (b.seq >= channels.responseSeq) applyMessage(b.message);
    client.markReady();
    log('info', 'telephony resynced', { calls: facts.channels.length, queues: facts.queues.length });
    const snapshot = { ...state.snapshot(now().toISOString()), ...(lastAliveAt ? { lastAliveAt } : {}) };
    for (const listener of resyncListeners) {
      try {
        listener(snapshot);
      } catch (error) {
        log('error', 'telephony resync listener failed', { error: String(error) });
      }
    }
  }

  const client = new AmiClient(
    { host: options.host, port: options.port, username: options.username, secret: options.secret, log, now, ...options.timing },
    {
      onEvent: (message, seq) => {
        lastHeard = Date.now();
        if (buffer) buffer.push({ message, seq });
        else applyMessage(message);
      },
      onLogin: (connection) => {
        buffer = [];
        resync(connection).catch((error: Error) => {
          log('warn', 'telephony resync failed', { error: error.message });
          connection.shutdown(error);
        });
      },
      onLinkLost: (error) => {
        buffer = null;
        // A closed socket means the PBX was alive until now; a silent one, until its last frame.
        const aliveUntil = error.message.startsWith('ping unanswered') ? lastHeard : Date.now();
        state.linkLost(new Date(Math.min(aliveUntil, now().getTime())).toISOString());
      },
      onStatus: (status) => {
        for (const listener of statusListeners) {
          try {
            listener(status);
          } catch (error) {
            log('error', 'telephony status listener failed', { error: String(error) });
          }
        }
      },
    },
  );

  function connection(): AmiConnection {
    const current = client.connection;
    if (!current) throw new AmiLinkError('AMI not connected');
    return current;
  }

  // Async wrappers so that "not connected" arrives as a rejected promise, never as a throw.
  const run = async <T>(work: (c: AmiConnection) => Promise<T>): Promise<T> => work(connection());
  const done = () => undefined;

  // Calls can only be left without channels by lost events; sweep them now and then, and re-read members.
  const timers: NodeJS.Timeout[] = [];
  const startTimers = () => {
    if (timers.length) return;
    timers.push(setInterval(() => publish(state.sweep(now().toISOString())), SWEEP_EVERY_MS));
    timers.push(setInterval(() => void refreshQueues(), options.timing?.queueRefreshMs ?? QUEUE_REFRESH_MS));
    for (const timer of timers) timer.unref?.();
  };

  return {
    start: () => {
      startTimers();
      client.start();
    },
    stop: () => {
      for (const timer of timers.splice(0)) clearInterval(timer);
      return client.stop();
    },
    status: () => client.status(),
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onResync(listener) {
      resyncListeners.add(listener);
      return () => resyncListeners.delete(listener);
    },
    onQueuesRefreshed(listener) {
      refreshListeners.add(listener);
      return () => refreshListeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    snapshot: () => state.snapshot(now().toISOString()),
    pause: (iface, paused, reason, queue) =>
      run((c) =>
        c.action({ Action: 'QueuePause', Interface: state.queues.asteriskInterface(iface), Paused: paused ? 'true' : 'false', Reason: reason, Queue: queue }),
      ).then(done),
    originate: (request) =>
      run(async (c) => {
        const channelId = request.channelId ?? randomUUID();
        originating.set(channelId, false);
        state.calls.originate(channelId);
        try {
          const result = await originate(c, { ...request, channelId });
          return { ...result, channelMade: originating.get(channelId) ?? false };
        } finally {
          originating.delete(channelId);
          state.calls.originate(channelId, true);
        }
      }),
    hangup: (channel) => run((c) => c.action({ Action: 'Hangup', Channel: channel })).then(done),
    hangupCall: (callId) =>
      run(async (c) => {
        const names = state.calls.channelNamesOf(callId);
        // Asterisk reports our Hangup as any other end (the caller's leg goes first): who asked is known only here.
        state.calls.hangupByConsole(callId);
        // Every leg at once: a leg already gone answers "No such channel", which is what we wanted anyway.
        await Promise.all(names.map((name) => c.action({ Action: 'Hangup', Channel: name }).catch(() => undefined)));
        return names.length > 0;
      }),
    queueAdd: (queue, iface, memberName) => run((c) => c.action({ Action: 'QueueAdd', Queue: queue, Interface: iface, MemberName: memberName })).then(done),
    queueRemove: (queue, iface) => run((c) => c.action({ Action: 'QueueRemove', Queue: queue, Interface: iface })).then(done),
    redirect: (r) =>
      run((c) =>
        c.action({
          Action: 'Redirect',
          Channel: r.channel,
          Context: r.context,
          Exten: r.exten,
          Priority: r.priority ?? 1,
          ExtraChannel: r.extraChannel,
          ExtraContext: r.extraChannel ? r.context : undefined,
          ExtraExten: r.extraChannel ? r.exten : undefined,
          ExtraPriority: r.extraChannel ? (r.priority ?? 1) : undefined,
        }),
      ).then(done),
    confbridgeList: (room) => run((c) => confbridgeList(c, room)),
    confbridgeKick: (room, channel) => run((c) => c.action({ Action: 'ConfbridgeKick', Conference: room, Channel: channel })).then(done),
    confbridgeMute: (room, channel, muted) =>
      run((c) => c.action({ Action: muted ? 'ConfbridgeMute' : 'ConfbridgeUnmute', Conference: room, Channel: channel })).then(done),
    queueParams: (queue) =>
      run(async (c) => {
        const { items } = await c.list({ Action: 'QueueStatus', Queue: queue });
        const at = now().toISOString();
        return items.filter((m) => field(m, 'event').toLowerCase() === 'queueparams').map((m) => queueParams(m, at));
      }),
    setVariable: (name, value) => run((c) => c.action({ Action: 'Setvar', Variable: name, Value: value })).then(done),
    startRecording: (callId, file) => run((c) => recordingAction(c, state.calls.recordingChannelOf(callId), { Action: 'MixMonitor', File: file })),
    muteRecording: (callId, muted) =>
      run((c) => recordingAction(c, state.calls.recordingChannelOf(callId), { Action: 'MixMonitorMute', Direction: 'both', State: muted ? '1' : '0' })),
    transfer: (callId, target, attended) =>
      run(async (c) => {
        const channel = state.calls.transferLegs(callId).agent;
        if (!channel) throw new AmiActionError(attended ? 'Atxfer' : 'BlindTransfer', 'no agent leg to transfer from');
        // Atxfer "presses" the feature code and then types the extension as DTMF after the transfer prompt; a PBX
        // without that prompt (or a busy line) loses the digits. TRANSFER_EXTEN is read before any prompt.
        if (attended) await c.action({ Action: 'Setvar', Channel: channel, Variable: 'TRANSFER_EXTEN', Value: target.exten });
        await c.action({ Action: attended ? 'Atxfer' : 'BlindTransfer', Channel: channel, Context: target.context, Exten: target.exten });
      }),
    transferLegs: (callId) => state.calls.transferLegs(callId),
  };
}
