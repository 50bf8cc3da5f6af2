import type { SimClock } from './clock';
import type { EventSink } from './pbx';
import type { SimMember, SimQueue } from './model';
import type { AgentBehaviour } from './queue-engine';
import type { DialBehaviour } from './originate';
import { Pbx } from './pbx';
import { QueueEngine } from './queue-engine';
import { ConferenceEngine } from './conference';
import { Originator, answerEverything, type CitizenBehaviour } from './originate';
import { deviceOfMember } from './model';
import { reloadQueuesConf, type ReloadScope } from './queue-reload';
import { TransferEngine, type TransferOptions } from './transfer';
import { ChanSpyEngine } from './chanspy';

export interface SimulatorMemberConfig {
  /** `PJSIP/1001`, `SIP/1001` or FreePBX-style `Local/1001@from-queue/n`. */
  interface: string;
  name?: string;
  stateInterface?: string;
  paused?: boolean;
  pausedReason?: string;
}

export interface SimulatorQueueConfig {
  name: string;
  strategy?: 'rrmemory' | 'ringall';
  members: Array<string | SimulatorMemberConfig>;
  /** queues.conf `timeout`: how long a member rings. */
  ringTimeoutMs?: number;
  /** queues.conf `retry`: pause before the next member after a ring-no-answer. */
  retryMs?: number;
  serviceLevelSeconds?: number;
}

export interface CoreOptions {
  queues: SimulatorQueueConfig[];
  agentBehaviour?: Partial<AgentBehaviour> | ((member: SimMember) => AgentBehaviour);
  dial?: DialBehaviour;
  citizens?: CitizenBehaviour;
  /** Who answers a transfer's target, and what the dialplan does when nobody does. */
  transfers?: TransferOptions;
}

/** `support` with agents PJSIP/1001..PJSIP/100N: what the demo and `npm run simulator` use. */
export function demoQueues(agents: number): SimulatorQueueConfig[] {
  return [{ name: 'support', members: Array.from({ length: agents }, (_, i) => `PJSIP/${1001 + i}`) }];
}

export function buildQueue(config: SimulatorQueueConfig, nowSeconds: number): SimQueue {
  return {
    name: config.name,
    strategy: config.strategy ?? 'rrmemory',
    ringTimeoutMs: config.ringTimeoutMs ?? 15_000,
    retryMs: config.retryMs ?? 5_000,
    serviceLevelSeconds: config.serviceLevelSeconds ?? 60,
    waiting: [],
    completed: 0,
    abandoned: 0,
    completedInSl: 0,
    abandonedInSl: 0,
    holdtime: 0,
    talktime: 0,
    lastMemberIndex: -1,
    members: config.members.map((entry) => buildMember(typeof entry === 'string' ? { interface: entry } : entry, 'static', nowSeconds)),
  };
}

export function buildMember(m: SimulatorMemberConfig, membership: SimMember['membership'], nowSeconds: number): SimMember {
  const device = deviceOfMember(m.interface, m.stateInterface);
  return {
    interface: m.interface,
    name: m.name ?? m.interface,
    stateInterface: m.stateInterface ?? device,
    device,
    membership,
    penalty: 0,
    callsTaken: 0,
    lastCall: 0,
    lastPause: 0,
    loginTime: nowSeconds,
    paused: m.paused ?? false,
    pausedReason: m.pausedReason ?? '',
  };
}

/** The simulated PBX without any TCP: used by the server-backed simulator and by the benchmark. */
export function createCore(clock: SimClock, sink: EventSink, options: CoreOptions) {
  const pbx = new Pbx(clock, sink);
  for (const q of options.queues) pbx.queues.set(q.name, buildQueue(q, Math.floor(clock.now() / 1000)));
  const given = options.agentBehaviour;
  const defaults: AgentBehaviour = { answers: true, ringMs: 3000, talkMs: 60_000, hangupBy: 'caller', ...(typeof given === 'object' ? given : {}) };
  const behaviour = typeof given === 'function' ? given : () => defaults;
  const queues = new QueueEngine(pbx, behaviour);
  const conferences = new ConferenceEngine(pbx);
  const originator = new Originator(pbx, conferences, options.dial ?? answerEverything, options.citizens);
  /** "queues.conf" as it is on disk: edited by tests, read only by a reload. */
  const queuesConf = { queues: options.queues, changed: false };
  // app_queue loads its file with CONFIG_FLAG_FILEUNCHANGED: a reload of a file nobody touched does nothing.
  const reload = (scope: ReloadScope) => {
    if (!queuesConf.changed) return;
    queuesConf.changed = false;
    reloadQueuesConf(pbx, queuesConf.queues, scope, { member: buildMember, queue: buildQueue });
  };
  const transfers = new TransferEngine(pbx, queues, options.transfers);
  const chanspy = new ChanSpyEngine(pbx, (leg) => originator.hangup(leg.name, true));
  originator.chanSpy = (channel, data) => chanspy.start(channel, data);
  pbx.hangupListeners.push((channel) => chanspy.channelGone(channel));
  return { pbx, queues, conferences, originator, queuesConf, reload, transfers };
}

export type Core = ReturnType<typeof createCore>;
