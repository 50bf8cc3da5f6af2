import { existsSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Telephony } from '../telephony';
import { createAuditRouter } from './audit/audit.router';
import { createAuditService } from './audit/audit.service';
import { authenticate } from './auth/auth.middleware';
import { createAuthRouter } from './auth/auth.router';
import { mountCalls, type CallsModule, type CallsOptions } from './calls/calls.module';
import { createCitizensRouter } from './citizens/citizens.router';
import { LoginLimiter, type LoginLimits } from './auth/login-limiter';
import { createLoginLocksRouter } from './auth/login-locks.router';
import { SessionStore } from './auth/sessions';
import { createHealthRouter, type AmiStatus } from './health/health.router';
import { createMetrics } from './health/metrics';
import type { DatabaseHealth } from './http/database-health';
import { errorHandler, notFoundHandler } from './http/errors';
import { rejectUnreadableInput } from './http/validate';
import { createRealtime, type Realtime } from './realtime/gateway';
import { createReferenceRouter } from './reference/reference.router';
import { createRequestEvents } from './requests/request-events';
import { createRequestsRouter } from './requests/requests.router';
import { createRoutingRouter } from './routing/routing.router';
import { createUsersRouter } from './users/users.router';
import { createUsersService } from './users/users.service';

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
}

export interface App {
  app: Express;
  http: HttpServer;
  realtime: Realtime;
  calls: CallsModule;
}

const noAmi = (): AmiStatus => ({ state: 'disconnected', since: new Date(0).toISOString(), error: 'not configured' });

/** Builds the HTTP + Socket.IO application from its dependencies; it never listens (main.ts does). */
export function createApp(deps: AppDeps): App {
  const { dataSource, database, log } = deps;
  const metrics = createMetrics();
  const sessions = new SessionStore(dataSource, deps.sessionSecret);
  const audit = createAuditService(dataSource);
  const limiter = new LoginLimiter(dataSource, deps.loginLimits);
  const app = express();
  const http = createServer(app);
  const realtime = createRealtime(http, { sessions, log, metrics, publicOrigins: deps.publicOrigins, recheckMs: deps.socketRecheckMs });

  app.disable('x-powered-by');
  if (deps.trustProxy !== undefined) app.set('trust proxy', deps.trustProxy);
  app.use(helmet());
  app.use((req, res, next) => {
    const end = metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () => end({ route: req.route?.path ?? (req.path.startsWith('/api') ? 'unmatched' : 'static'), status: res.statusCode }));
    next();
  });
  app.use(createHealthRouter({ database, ami: deps.telephony ? () => deps.telephony!.status() : noAmi, metrics, metricsToken: deps.metricsToken }));

  const api = express.Router();
  api.use(express.json({ limit: '100kb' }), rejectUnreadableInput);
  api.use(database.require, authenticate(sessions));
  api.use('/auth', createAuthRouter({
    dataSource, sessions, audit, limiter, secureCookies: deps.secureCookies ?? false,
    onLogout: (sessionId) => void realtime.disconnectSession(sessionId),
  }));
  api.use(createReferenceRouter(dataSource));
  api.use('/audit', createAuditRouter(dataSource));
  api.use('/requests', createRequestsRouter(dataSource, audit, {}, createRequestEvents(dataSource, realtime, log)));
  api.use('/users', createUsersRouter(createUsersService(dataSource, { audit, onSessionsClosed: (userId) => realtime.disconnectUser(userId) })));
  api.use('/citizens', createCitizensRouter(dataSource, audit));
  api.use('/routing', createRoutingRouter(dataSource, audit));
  api.use('/users', createLoginLocksRouter({ dataSource, audit, limiter }));
  const calls = mountCalls(api, { dataSource, audit, realtime, telephony: deps.telephony, log, options: deps.calls });
  api.use(notFoundHandler);
  app.use('/api', api);

  if (deps.clientDir && existsSync(path.join(deps.clientDir, 'index.html'))) serveConsole(app, deps.clientDir);
  app.use(errorHandler({ log, onDatabaseDown: () => database.markDown() }));
  return { app, http, realtime, calls };
}

/** The built console and its history-mode routes; hashed assets are cached for a year. */
function serveConsole(app: Express, dir: string): void {
  app.use('/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));
  app.use(express.static(dir, { index: false, maxAge: 0 }));
  app.get(/^(?!\/api\/|\/socket\.io\/).*/, (_req, res) => res.sendFile(path.join(dir, 'index.html')));
}
