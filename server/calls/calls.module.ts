import type { Router } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Telephony } from '../../telephony';
import { createAgentDirectory } from '../agents/agent-directory';
import { setAgentPause, type PauseInput } from '../agents/agent-pause';
import { createAgentsRouter, handleAgentPause, handleQueueLogin } from '../agents/agents.router';
import { createQueueLogin } from '../agents/queue-login';
import { handlePhoneState } from '../softphone/phone-state';
import { createPauseReconciler } from '../agents/pause-reconcile';
import type { AuditService } from '../audit/audit.service';
import { createLeaderCalls, type LeaderCalls } from '../cluster/leader-calls';
import { createTransferNotes } from './transfer/transfer-notes';
import { createCoaching } from '../supervisor/coaching/coaching.service';
import { createCoachingRouter } from '../supervisor/coaching/coaching.router';
import { rooms } from '../realtime/gateway';
import { conflict } from '../http/errors';
import type { PresentUser } from '../cluster/bus';
import type { Realtime, RealtimeSocket } from '../realtime/gateway';
import { createQueuesBroadcaster } from '../supervisor/queues-broadcaster';
import { createAgentStateRecorder } from '../staffing/agent-states';
import { createLiveRouter, handleQueuesLean, handleSupervisorSnapshot, type LiveAccess } from '../supervisor/live.router';
import { createSupervisorLive } from '../supervisor/live.service';
import { callsLeaderArgs } from './calls.leader-args';
import { createCardService, type OutageMatch } from './card.service';
import { createCallsRouter, createCardRouter, hangupCall, type LeaderCallActions } from './calls.router';
import { createLiveCalls, defaultLiveCallsOptions, type LiveCallsOptions } from './live-calls';
import { defaultOriginate, originateCall, type OriginateOptions } from './originate.service';
import { shareTelephonyStatus, statusView } from './telephony-status';
import type { QueueLoginSettings } from '../agents/queue-login';
import { mountRecordings } from './recording/recording.module';
import type { RecordingSettings } from './recording/recording.settings';
import { mountTransfers, type TransferOptions } from './transfer/transfer.module';

export type CallsOptions = Partial<LiveCallsOptions> & {
  originate?: OriginateOptions;
  /** Where transfers send the caller (TRANSFER_CONTEXT, TRANSFER_QUEUE_CONTEXT) and which numbers they may dial. */
  transfer?: TransferOptions;
  /** COACHING_VISIBLE (default true): the agent is told when a supervisor listens, whispers or barges in. */
  coachingVisible?: boolean;
  /** The live page's broadcasts are at most this often (ms, default 150); agents' queue counts at most every `agentQueuesIntervalMs` (1,000). */
  queuesIntervalMs?: number;
  agentQueuesIntervalMs?: number;
  queueLogin?: QueueLoginSettings;
  /** The live page's clock (tests move it across Kyiv's midnight) and how often it re-reads today (ms). */
  supervisorNow?: () => Date;
  supervisorRereadMs?: number;
  /** Call recordings (RECORDINGS, RECORDINGS_DIR, …): off unless set. */
  recordings?: Partial<RecordingSettings>;
};

export interface CallsModuleDeps {
  dataSource: DataSource;
  audit: AuditService;
  realtime: Realtime;
  telephony?: Telephony;
  log: Logger;
  options?: CallsOptions;
  /** Where what needs the PBX link runs (the AMI leader); absent = here, a single node. */
  leader?: LeaderCalls;
  /** The active outages the caller card shows (server/outages); absent = none. */
  outages?: OutageMatch;
  /** A call was classified (a topic given): the spike detector looks at the call log again. */
  onClassified?: () => void;
}

type Target = Pick<RealtimeSocket, 'data' | 'emit'>;

/**
 * Live calls, the call log, agent states and the supervisors' queues, mounted on the API router:
 * `/calls/*`, `/citizens/:id/card`, `/agents/:userId/pause`, and the socket side (`agent:snapshot`, pops,
 * `agent:pause`, `queues:snapshot`). Whatever needs the PBX link or the desks is an operation of the AMI
 * leader: on a node that is not the leader it is forwarded there (server/cluster/leader-calls.ts).
 */
export function mountCalls(api: Router, deps: CallsModuleDeps) {
  const { dataSource, audit, realtime, telephony, log } = deps;
  const leader = deps.leader ?? createLeaderCalls({ isLeader: () => true, log });
  const options = { ...defaultLiveCallsOptions, ...deps.options };
  const directory = createAgentDirectory(dataSource, log.child({ module: 'agents' }));
  void directory.refresh();
  // The broadcaster and the live page's data need each other: `changed` is only called after both exist.
  let changed = () => {};
  const notes = createTransferNotes(dataSource);
  const live = createLiveCalls({ dataSource, telephony, realtime, directory, audit, log: log.child({ module: 'calls' }), options, onQueuesChanged: () => changed(), transferOf: notes.get, outages: deps.outages });
  const supervisorLive = createSupervisorLive({
    dataSource, telephony, directory, desk: (userId) => live.desks.get(userId), log: log.child({ module: 'supervisor' }),
    changed: () => changed(), now: deps.options?.supervisorNow, rereadMs: deps.options?.supervisorRereadMs, logSettled: () => live.idle(),
  });
  // Only the AMI leader holds the agents' real states: it alone writes them down.
  const states = createAgentStateRecorder(dataSource, log.child({ module: 'agent-states' }));
  const queues = createQueuesBroadcaster({
    realtime, live: supervisorLive, directory, intervalMs: deps.options?.queuesIntervalMs, agentsIntervalMs: deps.options?.agentQueuesIntervalMs,
    onGrid: (rows, at) => (leader.isLeader() ? states.observe(rows, at) : undefined),
  });
  changed = queues.changed;
  const cards = createCardService(dataSource, undefined, deps.outages);
  const pauseDeps = { telephony, log, inWrapUp: live.inWrapUp, holdDuringWrapUp: options.holdDuringWrapUp };
  const stopStatus = shareTelephonyStatus(realtime, telephony);
  const queueLogin = createQueueLogin({ telephony, realtime, directory, log: log.child({ module: 'queue-login' }), settings: deps.options?.queueLogin, busy: (userId) => live.busy(userId) && !live.inWrapUp(userId), owesWrapUp: live.inWrapUp, pushSnapshot: live.pushSnapshot });
  const offResync = telephony?.onResync(() => void directory.refresh().then(() => queueLogin.reconcile()));
  const pauses = telephony && createPauseReconciler({
    telephony, directory, log: log.child({ module: 'pauses' }), loggedOut: queueLogin.isOut, owesWrapUp: live.owesHold, online: (userId) => realtime.online(userId), phoneDown: queueLogin.phoneDown,
  });
  // After a resync the desks are rebuilt first (calls in progress, wrap-ups owed), then the pauses checked against them.
  const offResyncPauses = telephony?.onResync(() => void live.idle().then(() => pauses?.reconcile(telephony.snapshot())));

  /** What a console gets on every (re)connect, in this order: its desk, the phone system's state, its queues. */
  async function greet(target: Target): Promise<void> {
    target.emit('agent:snapshot', live.greet(target.data.user));
    if (telephony) target.emit('telephony:status', statusView(telephony.status()));
    await queues.sendTo(target);
  }
  const toSocket = (socketId: string, user: PresentUser): Target =>
    ({ data: { user }, emit: (event: string, ...args: unknown[]) => (realtime.io.to(socketId).emit as (e: string, ...a: unknown[]) => boolean)(event, ...args) }) as unknown as Target;

  const a = callsLeaderArgs;
  const any = 'any' as const;
  leader.handle('socket.greet', { args: a.greet, users: { user: any }, run: ({ socketId, user }) => greet(toSocket(socketId, user)) });
  leader.handle('agent.pause', {
    args: a.pause, users: { agent: any },
    run: async ({ agent, input }) => {
      // "Ready" with a softphone that cannot ring would only send callers to a dead phone: it lifts itself on registering.
      if (!input.paused && queueLogin.phoneDown(agent.id)) throw conflict('no_phone', 'The phone in the console is not registered: calls cannot ring it.');
      await setAgentPause(pauseDeps, agent, input);
    },
  });
  leader.handle('agent.phone', { args: a.phone, users: { userId: any }, run: ({ userId, registered }) => queueLogin.phoneState(userId, registered) });
  leader.handle('agent.queue', { args: a.queue, users: { userId: any }, run: ({ userId, loggedIn }) => queueLogin.set(userId, loggedIn) });
  leader.handle('calls.originate', {
    args: a.originate, users: { user: ['agent', 'supervisor'] },
    run: ({ user, input }) => originateCall({ dataSource, telephony, live, cards, log, options: deps.options?.originate ?? defaultOriginate }, user, input),
  });
  leader.handle('calls.hangup', { args: a.hangup, users: { user: ['agent', 'supervisor'] }, run: ({ user, callId }) => hangupCall({ live, telephony }, user, callId) });
  leader.handle('calls.classified', { args: a.classified, users: { userId: any }, run: ({ userId, callId }) => live.classified(userId, callId) });

  // The live page is the leader's: it holds the PBX's picture; any node answers a supervisor through it.
  leader.handle('supervisor.live', { args: a.none, run: () => supervisorLive.current() });
  leader.handle('supervisor.settings', { args: a.none, run: async () => supervisorLive.settings() });
  leader.handle('supervisor.saveSettings', {
    args: a.saveSettings, users: { userId: ['supervisor', 'admin'] },
    run: ({ queue, input, userId }) => supervisorLive.saveSettings(queue, input, userId),
  });
  const liveAccess: LiveAccess = {
    current: () => leader.call('supervisor.live', {}),
    settings: () => leader.call('supervisor.settings', {}),
    saveSettings: (queue, input, userId) => leader.call('supervisor.saveSettings', { queue, input, userId }),
  };

  const actions: LeaderCallActions = {
    originate: (user, input) => leader.call('calls.originate', { user, input }),
    hangup: (user, callId) => leader.call('calls.hangup', { user, callId }),
    classified: (userId, callId) => {
      deps.onClassified?.();
      return leader.call('calls.classified', { userId, callId });
    },
  };
  const setPause = (agent: { id: number; interface: string | null }, input: PauseInput) => leader.call<void>('agent.pause', { agent, input });
  const queueSwitch = { enabled: queueLogin.enabled, set: (userId: number, loggedIn: boolean) => leader.call<void>('agent.queue', { userId, loggedIn }) };

  realtime.onConnect((socket) => {
    const { user } = socket.data;
    const greeting = leader.call('socket.greet', { socketId: socket.id, user: { id: user.id, role: user.role, interface: user.interface, fullName: user.fullName } });
    void greeting.catch(() => {
      // No leader answers (a fail-over in progress): the console learns the phone system is away for now.
      socket.emit('agent:snapshot', live.snapshotFor(user.id));
      socket.emit('telephony:status', { state: 'disconnected', since: new Date().toISOString() });
    });
  });
  handleAgentPause(realtime, { setPause });
  handleQueueLogin(realtime, { queueLogin: queueSwitch });
  handlePhoneState(realtime, { report: (userId, registered) => leader.call<void>('agent.phone', { userId, registered }) });
  handleSupervisorSnapshot(realtime, { live: liveAccess });
  handleQueuesLean(realtime);
  const transfers = mountTransfers(api, { dataSource, telephony, live, directory, notes, leader, log, options: deps.options?.transfer });
  const callsRouter = createCallsRouter({ dataSource, audit, cards, actions });
  const recordings = mountRecordings(callsRouter, api, { dataSource, audit, realtime, telephony, log, leader, desks: live.desks, settings: deps.options?.recordings });
  api.use('/calls', callsRouter);
  api.use(createCardRouter({ dataSource, audit, cards }));
  api.use('/agents', createAgentsRouter({ setPause, dataSource, audit }));
  api.use('/supervisor', createLiveRouter({ live: liveAccess, audit }));
  const coaching = createCoaching({
    telephony, live, audit, log: log.child({ module: 'coaching' }), visible: deps.options?.coachingVisible ?? true,
    channel: (deps.options?.originate ?? defaultOriginate).channel,
    notify: (userId, event, payload) => realtime.io.to(rooms.user(userId)).emit(event, payload),
    report: (userId, payload) => realtime.io.to(rooms.user(userId)).emit('coach:session', payload),
  });
  api.use('/supervisor', createCoachingRouter(coaching, leader));

  return {
    live,
    directory,
    supervisorLive,
    recordings,
    /** A wrap-up done outside `/calls` (a request registered with the call's id). */
    classified: actions.classified,
    stop(): void {
      stopStatus();
      recordings.stop();
      transfers.stop();
      coaching.close();
      offResync?.();
      offResyncPauses?.();
      pauses?.stop();
      queueLogin.stop();
      live.stop();
      queues.stop();
      supervisorLive.stop();
      directory.stop();
    },
  };
}
export type CallsModule = ReturnType<typeof mountCalls>;
