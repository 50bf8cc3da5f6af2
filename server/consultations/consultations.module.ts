import type { Router } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Telephony } from '../../telephony';
import type { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.types';
import { conflict, notFound, unavailable } from '../http/errors';
import { idMessage } from '../http/schemas';
import { z } from 'zod';
import { createLeaderCalls, type LeaderCalls } from '../cluster/leader-calls';
import { userRef } from '../cluster/leader-operation';
import { assertDialAllowed, DEFAULT_DIAL_PREFIXES } from '../dial-allowlist';
import { id } from '../http/schemas';
import { normalisePhone } from '../phones';
import type { Realtime } from '../realtime/gateway';
import { rooms } from '../realtime/gateway';
import type { Actor } from '../requests/requests.service';
import { createConsultationsRouter } from './consultations.router';
import { createConsultationsService, type ConsultationScheduler } from './consultations.service';
import { adHocSchema, legParamSchema, muteSchema, type OutcomeInput } from './consultations.schemas';
import type { Mailer } from './invitation';
import { createLivePanel } from './live-panel';
import { createOutcomes } from './outcomes';
import { createRunner, type Run, type RunAlert } from './runner';
import { createRunnerEvents } from './runner-events';
import { defaultRunnerOptions, type RunnerOptions } from './runner-options';

export interface ConsultationsOptions {
  runner?: Partial<RunnerOptions>;
  /** E.164 prefixes an ad-hoc leg may dial (`DIAL_ALLOWED_PREFIXES`); default Ukrainian numbers. */
  dialAllowedPrefixes?: readonly string[];
  mailer?: Mailer | null;
  scheduler?: ConsultationScheduler;
  now?: () => Date;
}

export interface ConsultationsDeps {
  dataSource: DataSource;
  audit: AuditService;
  realtime: Realtime;
  telephony?: Telephony;
  log: Logger;
  options?: ConsultationsOptions;
  /** Where dialling runs (the AMI leader); absent = here, a single node. */
  leader?: LeaderCalls;
}

const noScheduler: ConsultationScheduler = { scheduled: async () => undefined };
const PANEL_WATCHERS = ['supervisor', 'admin', 'official'] as const;

/**
 * Consultations with officials, mounted at `/consultations`: scheduling and registration (service), dialling
 * (runner), the PBX's events and resyncs (runner-events), the live panel over Socket.IO, outcomes.
 */
export function mountConsultations(api: Router, deps: ConsultationsDeps) {
  const { dataSource, audit, realtime, telephony, log } = deps;
  const o = deps.options ?? {};
  const service = createConsultationsService({
    dataSource, audit, log, mailer: o.mailer ?? null, scheduler: o.scheduler ?? noScheduler, now: o.now ?? (() => new Date()),
  });
  const live = createLivePanel({ dataSource, repo: service.repo, realtime });
  const push = (id: number) => void live.push(id).catch((error: Error) => log.warn({ err: error, id }, 'consultation panel not pushed'));
  const alert = (run: Run, what: RunAlert) => {
    void service.repo.byId(dataSource, run.id).then((c) => {
      if (!c) return;
      realtime.io.to([rooms.user(run.createdBy), rooms.supervisors]).emit('consultation:alert', { id: run.id, topic: c.topic, ...what });
    });
  };
  const runner = createRunner({ dataSource, repo: service.repo, telephony, log: log.child({ module: 'consultations' }), options: { ...defaultRunnerOptions, ...o.runner }, changed: push, alert });
  const events = createRunnerEvents({ dataSource, repo: service.repo, runner, telephony, alert });
  const outcomes = createOutcomes({ dataSource, audit, repo: service.repo });

  const unsubscribe = [
    telephony?.onEvent((e) => {
      if ((e.name === 'conference:talking' || e.name === 'conference:muted') && live.onEvent(e)) {
        const run = [...runner.runs.values()].find((r) => r.room === e.room);
        if (run) push(run.id);
      } else live.onEvent(e);
      events.onEvent(e);
    }),
    // After an AMI reconnect each running room is read back from Asterisk, not assumed.
    telephony?.onResync(() => {
      for (const run of runner.runs.values()) {
        void telephony.confbridgeList(run.room)
          .then((present) => {
            live.replaceRoom(present);
            return events.reconcile(run, present);
          })
          .catch((error: Error) => log.warn({ err: error, id: run.id }, 'consultation room not resynced'));
      }
    }),
  ];
  void runner.restore().catch((error: Error) => log.warn({ err: error }, 'running consultations not restored'));

  // Staff and the consultation's own official; another official is told it does not exist.
  realtime.onClientEvent('consultation:watch', {
    roles: PANEL_WATCHERS,
    schema: idMessage,
    async handle({ id }, { socket, user }) {
      const c = await service.repo.byId(dataSource, id);
      if (!c || (user.role === 'official' && c.officialId !== user.id)) throw notFound('Consultation');
      const panel = await live.watch(socket, id).catch((error: Error) => {
        log.warn({ err: error, id }, 'consultation panel not built');
        return null;
      });
      if (!panel) throw unavailable('unavailable', 'The panel could not be read; try again.');
      return { panel };
    },
  });
  realtime.onClientEvent('consultation:unwatch', {
    roles: PANEL_WATCHERS,
    schema: idMessage,
    async handle({ id }, { socket }) {
      await live.unwatch(socket, id);
      return {};
    },
  });

  const leader = deps.leader ?? createLeaderCalls({ isLeader: () => true, log });
  const panelRoles = ['supervisor', 'admin', 'official'] as const;
  const room = z.object({ id });
  const leg = legParamSchema.extend({ viewer: userRef });
  leader.handle('consultation.start', { args: room, run: ({ id }) => runner.start(id) });
  leader.handle('consultation.end', { args: room, run: ({ id }) => runner.end(id) });
  leader.handle('consultation.next', { args: room, run: ({ id }) => runner.callNext(id) });
  const allowed = o.dialAllowedPrefixes ?? DEFAULT_DIAL_PREFIXES;
  leader.handle('consultation.adhoc', {
    args: room.merge(adHocSchema),
    run: ({ id, number }) => {
      // A guest can be any number a supervisor types: only destinations we allow are dialled (toll fraud).
      const e164 = normalisePhone(number);
      if (e164) assertDialAllowed(e164, allowed);
      return runner.addAdHoc(id, number);
    },
  });
  leader.handle('consultation.mute', {
    args: leg.merge(muteSchema), users: { viewer: panelRoles },
    run: ({ id, legId, viewer, muted }) => module.legAction(id, legId, viewer, (r, channel) => module.telephony().confbridgeMute(r, channel, muted)),
  });
  leader.handle('consultation.kick', {
    args: leg, users: { viewer: panelRoles },
    run: ({ id, legId, viewer }) => module.legAction(id, legId, viewer, (r, channel) => module.telephony().confbridgeKick(r, channel)),
  });

  const module = {
    service,
    runner,
    live,
    /** The panel's actions that dial or touch a room: run on the AMI leader, wherever they are asked. */
    actions: {
      start: (id: number) => leader.call<void>('consultation.start', { id }),
      end: (id: number) => leader.call<void>('consultation.end', { id }),
      callNext: (id: number) => leader.call<void>('consultation.next', { id }),
      addAdHoc: (id: number, number: string) => leader.call<void>('consultation.adhoc', { id, number }),
      mute: (id: number, legId: number, viewer: AuthUser, muted: boolean) => leader.call<void>('consultation.mute', { id, legId, viewer, muted }),
      kick: (id: number, legId: number, viewer: AuthUser) => leader.call<void>('consultation.kick', { id, legId, viewer }),
    },
    /** A node that just became the leader takes over the running consultations (rooms, timers) from the database. */
    restore: () => runner.restore(),
    telephony(): Telephony {
      if (!telephony || telephony.status().state !== 'connected') throw unavailable('telephony_unavailable', 'The phone system is not reachable right now.');
      return telephony;
    },
    /** Mute or kick one leg that is in the room. */
    async legAction(id: number, legId: number, viewer: AuthUser, act: (room: string, channel: string) => Promise<void>): Promise<void> {
      const c = await service.visible(id, viewer);
      const leg = (await service.repo.legs(dataSource, id)).find((l) => l.id === legId);
      if (!leg) throw conflict('not_in_room', 'No such leg in this consultation.');
      if (c.status !== 'running' || leg.state !== 'joined' || !leg.channel) throw conflict('not_in_room', 'That participant is not in the room.');
      await act(c.room, leg.channel);
    },
    async recordOutcome(id: number, participantId: number, input: OutcomeInput, actor: Actor): Promise<void> {
      await outcomes(id, participantId, input, actor);
      push(id);
    },
    /** The scheduled start (server/jobs): starts it when it is still waiting; false when there was nothing to do. */
    async startDue(id: number, startsAt: string): Promise<boolean> {
      const c = await service.repo.byId(dataSource, id);
      if (!c || c.status !== 'scheduled' || !c.autoStart || c.startsAt.toISOString() !== startsAt) return false;
      await runner.start(id);
      return true;
    },
    /** The consultation's time passed and it never started: marked missed. */
    async markMissed(id: number): Promise<boolean> {
      const rows = await dataSource.query(
        `UPDATE consultations SET status = 'missed', updated_at = now()
          WHERE id = $1 AND status = 'scheduled' AND starts_at + make_interval(mins => duration_minutes) <= now() RETURNING id`, [id]);
      if (rows[1] === 0 || !rows[0]?.length) return false;
      await service.repo.writeSummary(dataSource, id);
      return true;
    },
    stop(): void {
      for (const off of unsubscribe) off?.();
      for (const run of runner.runs.values()) for (const timer of run.retries.values()) clearTimeout(timer);
    },
  };
  api.use('/consultations', createConsultationsRouter(module));
  return module;
}
export type ConsultationsModule = ReturnType<typeof mountConsultations>;
