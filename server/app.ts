import { existsSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import { hostname } from 'node:os';
import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Telephony } from '../telephony';
import { createAuditRouter } from './audit/audit.router';
import { createAuditService } from './audit/audit.service';
import { activeUser } from './auth/active-user';
import { authenticate } from './auth/auth.middleware';
import { createAuthRouter } from './auth/auth.router';
import { mountCalls, type CallsModule, type CallsOptions } from './calls/calls.module';
import { createCitizensRouter } from './citizens/citizens.router';
import { LoginLimiter, type LoginLimits } from './auth/login-limiter';
import { createLoginLocksRouter } from './auth/login-locks.router';
import { mountConsultations, type ConsultationsModule, type ConsultationsOptions } from './consultations/consultations.module';
import { readCookie, SESSION_COOKIE, SessionStore } from './auth/sessions';
import { createExportSlots } from './exports/export-slots';
import { createEscalationsRouter } from './escalations/escalations.router';
import { createExportsRouter } from './exports/exports.router';
import { STALL_SETTING } from './http/download-stream';
import { poolState } from './health/pool-state';
import { createHealthRouter, type AmiStatus } from './health/health.router';
import { createLeaderCalls } from './cluster/leader-calls';
import { createImportsRouter, type ImportsOptions } from './imports/imports.router';
import { createMetrics } from './health/metrics';
import type { DatabaseHealth } from './http/database-health';
import { errorHandler, notFoundHandler } from './http/errors';
import { noStore, refuseForeignOrigin } from './http/same-origin';
import { fromPbxError } from './http/pbx-errors';
import { rejectUnreadableInput } from './http/validate';
import { createNoticesRouter } from './notices/notices.router';
import { createRealtime, type Realtime } from './realtime/gateway';
import { createAddresseesRouter } from './reference/addressees.router';
import { createReferenceRouter } from './reference/reference.router';
import { createRequestEvents } from './requests/request-events';
import { createReportsRouter } from './reports/reports.router';
import { createSubjectRightsRouter } from './privacy/subject-rights.router';
import { createRetentionRouter } from './retention/retention.router';
import type { RetentionQueue } from './jobs/retention-jobs';
import { registerBackupMetrics } from './ops/backup/backup-metrics';
import { createBackupsRouter } from './ops/backup/backups.router';
import { createRequestsRouter } from './requests/requests.router';
import { createRoutingRouter } from './routing/routing.router';
import { createNotificationsRouters } from './notifications/notifications.router';
import { DEFAULT_STATUS_LIMITS, type StatusLimits } from './status/attempts';
import { createStatusRouters } from './status/status.router';
import { createStatusService, type StatusService } from './status/status.service';
import { createRatingsRouters } from './reports/ratings/ratings.router';
import { mountWorklist } from './supervisor/abandoned/worklist.module';
import { defaultDigestSchedule } from './jobs/digest-jobs';
import { createDigestsRouter, type DigestsRouterDeps } from './supervisor/digests/digests.router';
import { serveConsole } from './http/precompressed';
import { createDaySeriesRouter } from './supervisor/day-series.router';
import { createOverdueRouter } from './supervisor/overdue/overdue.router';
import { createTopicMapRouter } from './imports/topic-map.router';
import { createUsersRouter } from './users/users.router';
import { createStaffingRouter } from './staffing/staffing.router';
import { createUsersService } from './users/users.service';
import { createApiKeysRouter } from './open311/api-keys.router';
import { createApiKeysService } from './open311/api-keys.service';
import type { Open311Options } from './open311/defaults';
import { createOpen311Router } from './open311/open311.router';
import { open311ErrorHandler } from './open311/respond';
import { createRequestsService } from './requests/requests.service';
import { createSoftphoneRouter } from './softphone/softphone.router';
import { createSoftphoneService } from './softphone/softphone.service';
import { softphoneOrigin, type SoftphoneSettings } from './softphone/softphone.settings';
import { createOutageIndex } from './outages/outage-index';
import { mountOutages, type OutagesModule } from './outages/outages.module';

export interface AppDeps {
  dataSource: DataSource;
  database: DatabaseHealth;
  log: Logger;
  sessionSecret: string;
  /** The PBX link; absent in tests that do not need one. */
  telephony?: Telephony;
  /** Folder of the built console, served at the same origin as the API. */
  clientDir?: string;
  secureCookies?: boolean;
  /** The login limiter's thresholds (tests shorten them). */
  loginLimits?: Partial<LoginLimits>;
  /** Express's `trust proxy` (TRUST_PROXY); absent = no proxy is believed. */
  trustProxy?: boolean | number | string;
  /** Origins a console socket may come from (PUBLIC_ORIGIN); absent = the Host the browser addressed. */
  publicOrigins?: readonly string[] | null;
  /** How often live sockets' sessions are checked again (ms; tests shorten it). */
  socketRecheckMs?: number;
  /** The bearer token of `/metrics` (METRICS_TOKEN); absent = not served. */
  metricsToken?: string | null;
  /** Live calls: card deadline, wrap-up hold, click-to-call dialplan (tests shorten or fake them). */
  calls?: CallsOptions;
  /** Consultations: dialling times, the mailer for invitations, the job queue that starts them. */
  consultations?: ConsultationsOptions;
  /** The weekly digests: the job queue behind "send now", and what the page tells about the settings. */
  digests?: Partial<Pick<DigestsRouterDeps, 'queue' | 'smtpConfigured' | 'cron' | 'rankingTo'>>;
  /** How long the worklist waits before telling consoles it changed (ms; the call log writes first). */
  worklistNotifyDelayMs?: number;
  /** Imports: lower limits (tests), where uploads wait. */
  imports?: ImportsOptions;
  /** Several nodes on one database (CLUSTER=postgres); absent = a single node, always the AMI leader. */
  cluster?: AppCluster;
  /** Retention: the job queue behind an admin's "run now". */
  retention?: { queue?: RetentionQueue };
  /** The citizens' status page: its limits against guessing (tests lower them) and the Telegram bot it names. */
  status?: { limits?: Partial<StatusLimits>; telegramBot?: string | null };
  /** The spike detector's clock (tests move it across midnight). */
  outagesNow?: () => Date;
  /** Downloads: how long one may move no byte before it is cut (ms), and the exports' share of the pool. */
  downloads?: { stallMs?: number; exportConnections?: number; exportsPerUser?: number };
  /** Open311 GeoReport v2: the jurisdiction, the limit without a key, discovery's contact (tests hold the limiter's clock). */
  open311?: Partial<Open311Options>;
  /** The console's softphone (SIP_WS_URL, SIP_DOMAIN, SIP_ICE_SERVERS, SIP_PASSWORD_KEY); absent = none. */
  softphone?: SoftphoneSettings;
}

export interface AppCluster {
  nodeId: string;
  /** The pool Socket.IO's PostgreSQL adapter listens and notifies on. */
  pool: Pool;
  isLeader(): boolean;
  nodesAlive(): number;
  /** How long a forwarded telephony action waits for the leader (ms). */
  forwardTimeoutMs?: number;
}

export interface App {
  app: Express;
  http: HttpServer;
  realtime: Realtime;
  calls: CallsModule;
  consultations: ConsultationsModule;
  worklist: ReturnType<typeof mountWorklist>;
  /** The status page's rules, which the Telegram bot's linking shares. */
  status: StatusService;
  outages: OutagesModule;
}

const noAmi = (): AmiStatus => ({ state: 'disconnected', since: new Date(0).toISOString(), error: 'not configured' });
const nodeName = hostname();
const standbySince = new Date().toISOString();

/** Builds the HTTP + Socket.IO application from its dependencies; it never listens (main.ts does). */
export function createApp(deps: AppDeps): App {
  const { dataSource, database, log } = deps;
  const metrics = createMetrics();
  const sessions = new SessionStore(dataSource, deps.sessionSecret);
  const audit = createAuditService(dataSource);
  const limiter = new LoginLimiter(dataSource, deps.loginLimits);
  const app = express();
  const http = createServer(app);
  const cluster = deps.cluster;
  // Each node answers /metrics for itself; the label tells the nodes apart when they are summed.
  if (cluster) metrics.registry.setDefaultLabels({ node: cluster.nodeId });
  registerBackupMetrics(metrics.registry, dataSource);
  const realtime = createRealtime(http, {
    sessions, log, metrics, publicOrigins: deps.publicOrigins, recheckMs: deps.socketRecheckMs,
    cluster: cluster && { pool: cluster.pool, nodeId: cluster.nodeId, secret: deps.sessionSecret },
  });
  const isLeader = () => !cluster || cluster.isLeader();
  const leader = createLeaderCalls({
    bus: realtime.bus, isLeader, log: log.child({ module: 'cluster' }), timeoutMs: cluster?.forwardTimeoutMs,
    loadUser: (userId) => activeUser(dataSource, userId),
  });

  app.disable('x-powered-by');
  if (deps.downloads?.stallMs) app.set(STALL_SETTING, deps.downloads.stallMs);
  const exportSlots = createExportSlots({ connections: deps.downloads?.exportConnections, perUser: deps.downloads?.exportsPerUser });
  if (deps.trustProxy !== undefined) app.set('trust proxy', deps.trustProxy);
  // The softphone's SIP WebSocket is another origin: the console may connect there and nowhere else new.
  const sipOrigin = softphoneOrigin(deps.softphone);
  app.use(helmet(sipOrigin ? { contentSecurityPolicy: { directives: { connectSrc: ["'self'", sipOrigin] } } } : {}));
  app.use((req, res, next) => {
    const end = metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () => end({ route: req.route?.path ?? (req.path.startsWith('/api') ? 'unmatched' : 'static'), status: res.statusCode }));
    next();
  });
  const telephonyStatus = deps.telephony ? () => deps.telephony!.status() : noAmi;
  app.use('/api', noStore, refuseForeignOrigin(deps.publicOrigins ?? null));
  app.use(createHealthRouter({
    database, metrics, metricsToken: deps.metricsToken, opsSql: dataSource,
    // A node that is not the leader keeps no PBX link by design: standing by is healthy.
    ami: () => (isLeader() ? telephonyStatus() : { state: 'standby', since: standbySince }),
    node: () => ({ id: cluster?.nodeId ?? nodeName, leader: isLeader() }),
    nodes: () => cluster?.nodesAlive() ?? 1,
    loggedIn: async (req) => (await sessions.resolve(readCookie(req.headers.cookie, SESSION_COOKIE))) !== null,
    pool: () => {
      const state = poolState(dataSource);
      return state && { ...state, exports: exportSlots.state() };
    },
  }));

  const api = express.Router();
  api.use(express.json({ limit: '100kb' }), rejectUnreadableInput);
  api.use(database.require, authenticate(sessions));
  api.use('/auth', createAuthRouter({
    dataSource, sessions, audit, limiter, secureCookies: deps.secureCookies ?? false,
    onLogout: (sessionId) => realtime.disconnectSession(sessionId),
  }));
  api.use(createReferenceRouter(dataSource));
  api.use('/audit', createAuditRouter(dataSource));
  // `calls` is mounted below; the callback runs only when a request is registered, long after.
  const callClassified = (userId: number, callId: string) => void calls.classified(userId, callId).catch((e: Error) => log.warn({ err: e, callId }, 'wrap-up hold not lifted'));
  const requestEvents = createRequestEvents(dataSource, realtime, log);
  api.use('/requests', createRequestsRouter(dataSource, audit, {}, requestEvents, callClassified));
  api.use('/users', createUsersRouter(createUsersService(dataSource, { audit, onSessionsClosed: (userId) => realtime.disconnectUser(userId) }), (names) => limiter.locks(names)));
  api.use(createSoftphoneRouter(createSoftphoneService({
    dataSource, audit, sessionSecret: deps.sessionSecret, settings: deps.softphone ?? { wsUrl: null, domain: null, iceServers: [], passwordKey: null },
  })));
  api.use('/citizens', createCitizensRouter(dataSource, audit));
  api.use('/admin', createSubjectRightsRouter(dataSource, audit));
  api.use('/admin', createRetentionRouter({ dataSource, audit, queue: deps.retention?.queue }));
  api.use('/admin', createBackupsRouter(dataSource));
  api.use('/routing', createRoutingRouter(dataSource, audit));
  const notifications = createNotificationsRouters(dataSource, audit);
  api.use('/requests', notifications.requests);
  api.use('/citizens', notifications.citizens);
  const status = createStatusService({ dataSource, audit, limits: { ...DEFAULT_STATUS_LIMITS, ...deps.status?.limits }, onChanged: (id) => void requestEvents.changed(id) });
  const statusRouters = createStatusRouters(status, { telegramBot: deps.status?.telegramBot });
  api.use('/status', statusRouters.api);
  api.use('/users', createLoginLocksRouter({ dataSource, audit, limiter }));
  api.use('/imports/topic-map', createTopicMapRouter(dataSource, audit));
  api.use('/imports', createImportsRouter(dataSource, audit, deps.imports));
  api.use('/addressees', createAddresseesRouter(dataSource, audit));
  api.use('/reports', createReportsRouter(dataSource));
  api.use('/exports', createExportsRouter(dataSource, audit, exportSlots));
  const ratings = createRatingsRouters(dataSource, audit);
  api.use('/ratings', ratings.ratings);
  api.use('/exports', ratings.exports);
  api.use('/overdue', createOverdueRouter(dataSource));
  api.use('/supervisor', createDaySeriesRouter(dataSource));
  api.use('/staffing', createStaffingRouter(dataSource, audit));
  api.use('/notices', createNoticesRouter(dataSource, audit, realtime));
  api.use('/escalations', createEscalationsRouter(dataSource, audit));
  api.use('/digests', createDigestsRouter({ dataSource, audit, smtpConfigured: false, cron: defaultDigestSchedule.cron, rankingTo: [], ...deps.digests }));
  const worklist = mountWorklist(api, { dataSource, audit, realtime, telephony: deps.telephony, notifyDelayMs: deps.worklistNotifyDelayMs, onClassified: callClassified });
  const outageIndex = createOutageIndex();
  const calls = mountCalls(api, {
    dataSource, audit, realtime, telephony: deps.telephony, log, options: deps.calls, leader, outages: outageIndex,
    onClassified: () => outages.detector.soon(),
  });
  const outages = mountOutages(api, {
    dataSource, audit, realtime, log: log.child({ module: 'outages' }), index: outageIndex, now: deps.outagesNow,
    cardsChanged: () => calls.live.outagesChanged(), classified: callClassified,
  });
  const consultations = mountConsultations(api, { dataSource, audit, realtime, telephony: deps.telephony, log, options: deps.consultations, leader });
  const apiKeys = createApiKeysService(dataSource, audit);
  api.use('/admin', createApiKeysRouter(apiKeys));
  api.use(notFoundHandler);
  app.use('/api', api);
  app.use('/open311', createOpen311Router({
    dataSource, database, keys: apiKeys, requests: createRequestsService(dataSource, audit), events: requestEvents,
    options: { publicOrigin: deps.publicOrigins?.[0] ?? null, ...deps.open311 },
  }), open311ErrorHandler(log, () => database.markDown()));

  // The public status page is the server's own HTML: it must not fall to the console's history-mode routes.
  app.use('/status', database.require);
  app.use(statusRouters.page);
  if (deps.clientDir && existsSync(path.join(deps.clientDir, 'index.html'))) serveConsole(app, deps.clientDir);
  app.use(errorHandler({ log, onDatabaseDown: () => database.markDown(), fromDependency: fromPbxError }));
  return { app, http, realtime, calls, consultations, worklist, status, outages };
}
