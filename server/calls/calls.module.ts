import type { Router } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Telephony } from '../../telephony';
import { createAgentDirectory } from '../agents/agent-directory';
import { createAgentsRouter, handleAgentPause, handleQueueLogin } from '../agents/agents.router';
import { createQueueLogin } from '../agents/queue-login';
import type { AuditService } from '../audit/audit.service';
import type { Realtime } from '../realtime/gateway';
import { createQueuesBroadcaster } from '../supervisor/queues-broadcaster';
import { createLiveRouter, handleQueuesLean, handleSupervisorSnapshot } from '../supervisor/live.router';
import { createSupervisorLive } from '../supervisor/live.service';
import { createCardService } from './card.service';
import { createCallsRouter, createCardRouter } from './calls.router';
import { createLiveCalls, defaultLiveCallsOptions, type LiveCallsOptions } from './live-calls';
import { defaultOriginate, type OriginateOptions } from './originate.service';
import { shareTelephonyStatus } from './telephony-status';
import type { QueueLoginSettings } from '../agents/queue-login';

export type CallsOptions = Partial<LiveCallsOptions> & {
  originate?: OriginateOptions;
  /** The live page's broadcasts are at most this often (ms, default 150); agents' queue counts at most every `agentQueuesIntervalMs` (1,000). */
  queuesIntervalMs?: number;
  agentQueuesIntervalMs?: number;
  queueLogin?: QueueLoginSettings;
  /** The live page's clock (tests move it across Kyiv's midnight) and how often it re-reads today (ms). */
  supervisorNow?: () => Date;
  supervisorRereadMs?: number;
};

export interface CallsModuleDeps {
  dataSource: DataSource;
  audit: AuditService;
  realtime: Realtime;
  telephony?: Telephony;
  log: Logger;
  options?: CallsOptions;
}

/**
 * Live calls, the call log, agent states and the supervisors' queues, mounted on the API router:
 * `/calls/*`, `/citizens/:id/card`, `/agents/:userId/pause`, and the socket side (`agent:snapshot`, pops,
 * `agent:pause`, `queues:snapshot`).
 */
export function mountCalls(api: Router, deps: CallsModuleDeps) {
  const { dataSource, audit, realtime, telephony, log } = deps;
  const options = { ...defaultLiveCallsOptions, ...deps.options };
  const directory = createAgentDirectory(dataSource, log.child({ module: 'agents' }));
  void directory.refresh();
  // The broadcaster and the live page's data need each other: `changed` is only called after both exist.
  let changed = () => {};
  const live = createLiveCalls({ dataSource, telephony, realtime, directory, audit, log: log.child({ module: 'calls' }), options, onQueuesChanged: () => changed() });
  const supervisorLive = createSupervisorLive({
    dataSource, telephony, directory, desk: (userId) => live.desks.get(userId), log: log.child({ module: 'supervisor' }),
    changed: () => changed(), now: deps.options?.supervisorNow, rereadMs: deps.options?.supervisorRereadMs,
  });
  const queues = createQueuesBroadcaster({ realtime, live: supervisorLive, directory, intervalMs: deps.options?.queuesIntervalMs, agentsIntervalMs: deps.options?.agentQueuesIntervalMs });
  changed = queues.changed;
  const cards = createCardService(dataSource);
  const pauseDeps = { telephony, log, inWrapUp: live.inWrapUp, holdDuringWrapUp: options.holdDuringWrapUp };
  const stopStatus = shareTelephonyStatus(realtime, telephony);
  const queueLogin = createQueueLogin({ telephony, realtime, directory, log: log.child({ module: 'queue-login' }), settings: deps.options?.queueLogin, busy: (userId) => live.busy(userId) && !live.inWrapUp(userId), owesWrapUp: live.inWrapUp, pushSnapshot: live.pushSnapshot });
  const offResync = telephony?.onResync(() => void directory.refresh().then(() => queueLogin.reconcile()));

  realtime.onConnect((socket) => {
    void queues.sendTo(socket);
    handleAgentPause(socket, pauseDeps);
    handleQueueLogin(socket, { queueLogin, log });
    handleSupervisorSnapshot(socket, { live: supervisorLive, log });
    handleQueuesLean(socket, { log });
  });
  api.use('/calls', createCallsRouter({ dataSource, audit, cards, live, telephony, log, originate: deps.options?.originate ?? defaultOriginate }));
  api.use(createCardRouter({ dataSource, audit, cards }));
  api.use('/agents', createAgentsRouter({ ...pauseDeps, dataSource, audit }));
  api.use('/supervisor', createLiveRouter({ live: supervisorLive, audit }));

  return {
    live,
    directory,
    supervisorLive,
    stop(): void {
      stopStatus();
      offResync?.();
      queueLogin.stop();
      live.stop();
      queues.stop();
      supervisorLive.stop();
      directory.stop();
    },
  };
}
export type CallsModule = ReturnType<typeof mountCalls>;
