import type { AmiStatus, ConferenceParticipant, OriginateResult, TelephonyEvent, TelephonySnapshot } from './events';
import type { AmiConnection } from './ami/connection';
import type { AmiMessage } from './ami/message';
import type { LogFn } from './ami/client';
import type { OriginateRequest, RedirectRequest } from './actions';
import { AmiClient } from './ami/client';
import { AmiLinkError } from './ami/errors';
import { createTranslator } from './ami/translator';
import { TelephonyState } from './state/telephony-state';
import { pbxFacts } from './state/pbx-facts';
import { confbridgeList, originate } from './actions';
import { DEFAULT_LOCAL_TECH } from './ami/channel-names';

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
  };
}

/** The telephony layer the server uses; see index.ts for the whole story. */
export interface Telephony {
  /** Connects and keeps the link up (backoff 1 s → 30 s) until `stop()`. */
  start(): void;
  /** Logs off and stops reconnecting. */
  stop(): Promise<void>;
  /** For `/api/health`: connected | connecting | auth_failed | disconnected, since when, why. */
  status(): AmiStatus;
  /** Every domain event, synchronously, after the state applied it. Returns an unsubscribe function. */
  onEvent(listener: (e: TelephonyEvent) => void): () => void;
  /** The full snapshot after each (re)connect and rebuild: push it to browsers instead of deltas. */
  onResync(listener: (s: TelephonySnapshot) => void): () => void;
  /** Calls (who rings, who talks), queues (waiting, members, today's counters), conferences. */
  snapshot(): TelephonySnapshot;
  /** QueuePause; `iface` as the events name it (`PJSIP/1001`, also for Local members); all queues unless `queue`. */
  pause(iface: string, paused: boolean, reason?: string, queue?: string): Promise<void>;
  /** Async Originate with our ChannelId; resolves with the OriginateResponse outcome (busy etc. resolve too). */
  originate(request: OriginateRequest): Promise<OriginateResult>;
  /** Hangs up a channel by name (`PJSIP/1001-0000002a`). */
  hangup(channel: string): Promise<void>;
  /** Moves a channel (and optionally its peer) to context/exten/priority. */
  redirect(request: RedirectRequest): Promise<void>;
  /** Who is in a ConfBridge room; an empty or unknown room is `[]`. */
  confbridgeList(room: string): Promise<ConferenceParticipant[]>;
  /** Kicks a channel, `all`, or `participants` (everyone but admins). */
  confbridgeKick(room: string, channel: string): Promise<void>;
  confbridgeMute(room: string, channel: string, muted: boolean): Promise<void>;
  /** Setvar without a channel: a dialplan global (a consultation room's dial-in PIN). */
  setVariable(name: string, value: string): Promise<void>;
}

const SWEEP_EVERY_MS = 60_000;

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
  // Non-null while a resync is running: events wait there until the snapshot is applied.
  let buffer: Buffered[] | null = null;

  function publish(events: TelephonyEvent[]): void {
    for (const event of events) {
      for (const listener of eventListeners) {
        try {
          listener(event);
        } catch (error) {
          log('error', 'telephony event listener failed', { event: event.name, error: String(error) });
        }
      }
    }
  }

  function applyMessage(message: AmiMessage): void {
    for (const event of translate(message)) publish(state.apply(event));
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
    publish(state.replaceWith(facts, at));
    for (const b of buffered) if (b.seq >= channels.responseSeq) applyMessage(b.message);
    client.markReady();
    log('info', 'telephony resynced', { calls: facts.channels.length, queues: facts.queues.length });
    const snapshot = state.snapshot(now().toISOString());
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
      onLinkLost: () => {
        buffer = null;
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

  // Calls can only be left without channels by lost events; sweep them now and then.
  let sweeper: NodeJS.Timeout | null = null;
  const startSweeping = () => {
    sweeper ??= setInterval(() => publish(state.sweep(now().toISOString())), SWEEP_EVERY_MS);
    sweeper.unref?.();
  };

  return {
    start: () => {
      startSweeping();
      client.start();
    },
    stop: () => {
      if (sweeper) clearInterval(sweeper);
      sweeper = null;
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
    snapshot: () => state.snapshot(now().toISOString()),
    pause: (iface, paused, reason, queue) =>
      run((c) =>
        c.action({ Action: 'QueuePause', Interface: state.queues.asteriskInterface(iface), Paused: paused ? 'true' : 'false', Reason: reason, Queue: queue }),
      ).then(done),
    originate: (request) => run((c) => originate(c, request)),
    hangup: (channel) => run((c) => c.action({ Action: 'Hangup', Channel: channel })).then(done),
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
    setVariable: (name, value) => run((c) => c.action({ Action: 'Setvar', Variable: name, Value: value })).then(done),
  };
}
