import type { SimulatorQueueConfig, CoreOptions } from './core';
import type { PlaceCallOptions, PlacedCall } from './queue-engine';
import type { CitizenBehaviour, DialBehaviour } from './originate';
import { channelFields } from './model';
import type { EventClass } from './pbx';
import type { Fields } from './wire';
import { AmiServer } from './ami-server';
import { createCore, demoQueues } from './core';
import { pbxActions } from './server-actions';
import { createMixMonitor } from './mixmonitor';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { realClock } from './clock';
import type { GeneratorOptions } from './generator';
import type { TransferOptions } from './transfer';
import { seededRandom, startGenerator } from './generator';

export type { PlaceCallOptions, PlacedCall } from './queue-engine';
export type { SimulatorQueueConfig, SimulatorMemberConfig } from './core';
export type { CitizenBehaviour, CitizenOutcome, DialBehaviour, DialOutcome } from './originate';
export { demoQueues } from './core';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** AMI users (manager.conf); default: one user `hromada` / `hromada-sim`. */
  users?: Record<string, { secret: string; read?: string; write?: string }>;
  /** Banner version: Asterisk 20 says 9.0.0, 22 says 11.0.0. */
  asteriskVersion?: 20 | 22;
  /** Queues and members; default: `support` with `agents` members PJSIP/1001.. */
  queues?: SimulatorQueueConfig[];
  /** Demo agents when `queues` is not given (default 5). */
  agents?: number;
  agentBehaviour?: CoreOptions['agentBehaviour'];
  /** Starts the call generator at once. */
  callsPerMinute?: number;
  /** Shape of generated calls: ring and talk ranges (ms), abandon and ring-out shares. */
  generator?: Omit<GeneratorOptions, 'callsPerMinute' | 'random'>;
  /** Asterisk waits 1 s before rejecting a login; tests may shorten it. */
  loginFailureDelayMs?: number;
  /** Uptime FullyBooted reports at the start (a long-running PBX by default). */
  uptimeSeconds?: number;
  timestampEvents?: boolean;
  /** Who answers an Originate; default: everybody, after 200 ms. */
  dial?: DialBehaviour;
  /** Citizens dialled by click-to-call; default: they answer after 2 s and talk 20 s. */
  citizens?: CitizenBehaviour;
  /** Transfers: who answers a target (default everybody after 1 s), its ring timeout, where an unanswered blind transfer goes. */
  transfers?: TransferOptions;
  /** Channel technologies the PBX has (default PJSIP, SIP, IAX2, DAHDI, Local); others cannot be originated. */
  technologies?: string[];
  seed?: number;
  /** Where MixMonitor writes (Asterisk's monitor folder); default `<tmp>/hromada-simulator-monitor`. */
  monitorDir?: string;
  /** Recordings longer than this are cut to it (the demo's disk); default: as long as the call. */
  monitorMaxSeconds?: number;
}

export interface Simulator {
  port: number;
  host: string;
  credentials: { username: string; secret: string };
  close(): Promise<void>;
  /** A caller dials a queue; the call plays out with the reference's event sequences. */
  placeCall(options: PlaceCallOptions): PlacedCall;
  /** Hangs up a channel (name or Uniqueid) as if that side put the phone down. */
  hangup(channel: string): boolean;
  setDialBehaviour(dial: DialBehaviour): void;
  setCitizenBehaviour(citizens: CitizenBehaviour): void;
  /** The channel drivers loaded from now on (a PBX without chan_pjsip: `['Local', 'IAX2']`). */
  setTechnologies(technologies: string[]): void;
  setTalking(channelId: string, talking: boolean): void;
  /** A citizen dials a consultation room from outside and keys in `pin`; admitted only with the room's PIN. */
  dialIn(from: string, room: string, pin: string): { channelId: string; admitted: boolean };
  startGenerator(callsPerMinute: number): void;
  stopGenerator(): void;
  /** Live queue calls right now. */
  activeCalls(): number;
  /** Every event the PBX broadcasts, in order (checks against the reference sequences). */
  onEvent(listener: (name: string, fields: Fields) => void): () => void;
  /** Faults: drop every client; hang without answering; write raw bytes; restart the PBX. */
  dropConnections(): void;
  setUnresponsive(unresponsive: boolean): void;
  /** Unreachable: clients are dropped and new connections refused until set back; calls go on. */
  setOffline(offline: boolean): void;
  injectRaw(data: string, options?: { thenClose?: boolean }): void;
  emitEvent(name: string, eventClass: EventClass, fields: Fields): void;
  restart(): void;
  /**
   * queues.conf edited (or saved again) on disk: nothing changes until a reload (AMI `Reload`, `QueueReload`,
   * `Command`, or `reloadQueues`); a reload of a file nobody touched since the last one does nothing, as app_queue's.
   */
  editQueuesConf(queues: SimulatorQueueConfig[]): void;
  /**
   * queues.conf edited and reloaded, as Asterisk 22 does it (queue-reload.ts: static members rebuilt, their pause
   * reasons dropped). `module reload app_queue` announces it with a `Reload` event; `queue reload all`
   * (`announce: false`) sends nothing at all. Without `queues`, the file as it is, saved again.
   */
  reloadQueues(queues?: SimulatorQueueConfig[], options?: { announce?: boolean }): void;
  /** `kill -9`: no Shutdown, every call gone, unreachable until `setOffline(false)`, then freshly booted. */
  crash(): void;
  /** The folder MixMonitor writes to, and a promise of every recording file finished so far being on disk. */
  monitorDir: string;
  recordingsWritten(): Promise<void>;
}

const DEFAULT_USERS = { hromada: { secret: 'hromada-sim', read: 'system,call,agent', write: 'call,agent,originate,reporting,system' } };
const classes = (list: string | undefined, fallback: string) => (list ?? fallback).split(',').map((c) => c.trim().toLowerCase()).filter(Boolean);

/** Starts the PBX simulator on a TCP port, speaking AMI as Asterisk 20/22 does. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const listeners = new Set<(name: string, fields: Fields) => void>();
  let server: AmiServer | null = null;
  const core = createCore(realClock, (name, eventClass, fields) => {
    server?.broadcast(name, eventClass, fields);
    for (const listener of listeners) listener(name, fields);
  }, { queues: options.queues ?? demoQueues(options.agents ?? 5), agentBehaviour: options.agentBehaviour, dial: options.dial, citizens: options.citizens, transfers: options.transfers });
  const monitorDir = options.monitorDir ?? path.join(tmpdir(), 'hromada-simulator-monitor');
  const mixMonitor = createMixMonitor(core.pbx, monitorDir, options.monitorMaxSeconds);
  listeners.add((name, fields) => mixMonitor.observe(name, fields));
  if (options.technologies) core.originator.technologies = new Set(options.technologies.map((t) => t.toLowerCase()));
  let bootedAt = Date.now() - (options.uptimeSeconds ?? 86_400) * 1000;
  const users = Object.fromEntries(
    Object.entries(options.users ?? DEFAULT_USERS).map(([name, u]) => [name, { secret: u.secret, read: classes(u.read, 'system,call,agent'), write: classes(u.write, 'call,agent,originate,reporting') }]),
  );
  server = new AmiServer({
    users,
    bannerVersion: options.asteriskVersion === 22 ? '11.0.0' : '9.0.0',
    loginFailureDelayMs: options.loginFailureDelayMs ?? 1000,
    uptimeSeconds: () => Math.floor((Date.now() - bootedAt) / 1000),
    timestampEvents: options.timestampEvents ?? true,
    actions: { ...pbxActions(core), ...mixMonitor.actions },
  });
  const host = options.host ?? '127.0.0.1';
  const port = await server.listen(options.port ?? 0, host);
  const random = seededRandom(options.seed ?? 20261128);
  let stopGenerator = () => {};
  /** The process is gone: every call with it; the queue configuration comes back as it was. */
  const wipe = () => {
    for (const call of [...core.queues.calls.values()]) call.vanish();
    core.pbx.reset();
    core.conferences.rooms.clear();
    bootedAt = Date.now();
  };
  const simulator: Simulator = {
    port,
    host,
    credentials: { username: Object.keys(users)[0] ?? '', secret: Object.values(users)[0]?.secret ?? '' },
    close: async () => {
      stopGenerator();
      for (const call of [...core.queues.calls.values()]) call.vanish();
      await server?.close();
    },
    placeCall: (o) => core.queues.placeCall(o),
    hangup: (channel) => core.transfers.hangup(channel) || core.queues.hangup(channel) || core.originator.hangup(channel),
    setDialBehaviour: (dial) => {
      core.originator.behaviour = dial;
    },
    setCitizenBehaviour: (citizens) => {
      core.originator.citizens = citizens;
    },
    setTechnologies: (technologies) => {
      core.originator.technologies = new Set(technologies.map((t) => t.toLowerCase()));
    },
    setTalking: (channelId, talking) => core.conferences.setTalking(channelId, talking),
    dialIn: (from, room, pin) => core.conferences.dialIn(from, room, pin),
    startGenerator: (callsPerMinute) => {
      stopGenerator();
      stopGenerator = startGenerator(core, { ...options.generator, callsPerMinute, random });
    },
    stopGenerator: () => stopGenerator(),
    activeCalls: () => core.queues.calls.size,
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dropConnections: () => server?.dropConnections(),
    setUnresponsive: (value) => {
      if (server) server.unresponsive = value;
    },
    setOffline: (offline) => {
      if (!server) return;
      server.offline = offline;
      if (offline) server.dropConnections();
    },
    injectRaw: (data, o) => server?.injectRaw(data, o),
    emitEvent: (name, eventClass, fields) => core.pbx.emit(name, eventClass, fields),
    restart: () => {
      // `core restart now`: every channel is soft-hung-up (Cause 4, AST_SOFTHANGUP_SHUTDOWN) before Shutdown.
      for (const channel of [...core.pbx.channels.values()]) {
        core.pbx.emit('SoftHangupRequest', 'call', [...channelFields(channel), ['Cause', 4]]);
        core.pbx.hangup(channel);
      }
      core.pbx.emit('Shutdown', 'system', [['Shutdown', 'Cleanly'], ['Restart', 'True']]);
      server?.dropConnections();
      wipe();
    },
    editQueuesConf: (queues) => {
      Object.assign(core.queuesConf, { queues, changed: true });
    },
    reloadQueues: (queues, o = {}) => {
      Object.assign(core.queuesConf, { queues: queues ?? core.queuesConf.queues, changed: true });
      core.reload('all');
      if (o.announce !== false) core.pbx.emit('Reload', 'system', [['Module', 'app_queue'], ['Status', 0]]);
    },
    monitorDir,
    recordingsWritten: () => mixMonitor.flushed(),
    crash: () => {
      if (server) server.offline = true;
      server?.dropConnections();
      wipe();
    },
  };
  if (options.callsPerMinute) simulator.startGenerator(options.callsPerMinute);
  return simulator;
}
