import { createApp } from './app';
import { purgeExpiredSessions } from './auth/sessions';
import { readConfig } from './config';
import { createMailer } from './consultations/invitation';
import { consultationScheduler, workConsultationJobs } from './jobs/consultation-jobs';
import { digestQueue, workDigestJobs } from './jobs/digest-jobs';
import { retentionQueue, workRetentionJobs } from './jobs/retention-jobs';
import { createAuditService } from './audit/audit.service';
import { workBackupJobs } from './jobs/backup-jobs';
import { startJobs } from './jobs/jobs';
import { workRecordingJobs } from './jobs/recording-jobs';
import { workNotificationJobs } from './jobs/notification-jobs';
import { createNoticeSender } from './notifications/sender';
import { noticeChannels, readNotificationSettings } from './notifications/settings';
import { startTelegramLinking } from './notifications/telegram-link';
import { workOutageJobs } from './jobs/outage-jobs';
import { createDigestMailer } from './supervisor/digests/digest-mailer';
import { rooms } from './realtime/gateway';
import { createDigestService } from './supervisor/digests/digests.service';
import { DatabaseHealth } from './http/database-health';
import { createLogger } from './logger';
import { progressBar } from './seed/progress-bar';
import { consoleDir, ensureConsoleBuilt } from './startup/console-build';
import { lockDataDir } from './startup/data-dir-lock';
import { fillExecutorSearch } from './requests/executor-search';
import { sweepUploads } from './imports/sweep-uploads';
import { startDatabase } from './startup/database';
import { startDemoCalls } from './startup/demo-calls';
import { startDemoOutages } from './startup/demo-outages';
import { DEMO_QUEUE } from './startup/telephony';
import { prepareFirstRun } from './startup/first-run';
import { startTelephony } from './startup/telephony';
import { clusterRefusal, followLeadership, joinCluster, whileLeading } from './startup/cluster-node';
import { originateOptionsFrom } from './calls/originate.service';
import { installLastResort } from './startup/last-resort';
import { sessionSecret } from './startup/session-secret';

/** The only place that reads the environment and listens: everything else takes its dependencies. */
async function main(): Promise<void> {
  const config = readConfig();
  const log = createLogger();
  const started = Date.now();
  const refusal = clusterRefusal(config);
  if (refusal) throw new Error(refusal);
  // Nodes of a cluster keep nothing in DATA_DIR (their database is DATABASE_URL): several may share a machine.
  const unlock = config.cluster ? () => undefined : lockDataDir(config.dataDir);
  const swept = await sweepUploads();
  if (swept.length) log.info({ folders: swept.length }, 'removed the uploads of servers that are gone');
  const { dataSource, embedded } = await startDatabase({ url: config.databaseUrl, dataDir: config.dataDir, log, autoMigrate: config.autoMigrate });
  const cluster = config.cluster ? joinCluster(config, dataSource, log) : null;

  // Demo data only in demo mode: the embedded database and the built-in simulator (no AMI_HOST).
  const firstRun = await prepareFirstRun(dataSource, config, { log, onProgress: progressBar() });
  // Confidential applicants' requests written before the address normaliser (or seeded) are searched by
  // executors as they read them from now on; each is filled once, so later starts find nothing to do.
  const redacted = await fillExecutorSearch(dataSource);
  if (redacted > 0) log.info({ requests: redacted }, "confidential applicants' requests prepared for executors' search");
  await ensureConsoleBuilt(log);

  const database = new DatabaseHealth(dataSource, log);
  database.start();
  const jobs = await startJobs({ url: (dataSource.options as { url: string }).url, log: log.child({ module: 'jobs' }) });
  const { telephony, simulator } = await startTelephony(config, log, { connect: !cluster });
  // The digests are worked before the app exists; their news goes to the supervisors' sockets once it does.
  let announceDigest = (_week: string): void => {};
  const digests = createDigestService({
    dataSource, mailer: createDigestMailer({ url: config.smtpUrl, from: config.digest.from }), rankingTo: config.digest.rankingTo, log: log.child({ module: 'digests' }),
    onRecorded: (week) => announceDigest(week),
  });
  const notices = readNotificationSettings(process.env, { smtpUrl: config.smtpUrl, mailFrom: config.mailFrom, publicOrigins: config.publicOrigins, host: config.host, port: config.port });
  const app = createApp({
    dataSource, database, log, telephony,
    status: { telegramBot: notices.telegram?.botName ?? null },
    sessionSecret: sessionSecret(config.sessionSecret, config.dataDir),
    clientDir: consoleDir,
    secureCookies: config.production,
    calls: {
      originate: originateOptionsFrom(config.telephony), queueLogin: config.telephony, outboundWrapUp: config.telephony.outboundWrapUp, recordings: config.recordings,
      transfer: {
        context: config.telephony.transferContext, queueContext: config.telephony.transferQueueContext,
        numberFormat: config.telephony.originateNumberFormat, allowedPrefixes: config.telephony.dialAllowedPrefixes,
      },
      coachingVisible: config.telephony.coachingVisible,
    },
    trustProxy: config.trustProxy,
    publicOrigins: config.publicOrigins,
    metricsToken: config.metricsToken,
    softphone: config.softphone,
    consultations: {
      mailer: createMailer({ url: config.smtpUrl, from: config.mailFrom, log }), scheduler: consultationScheduler(jobs.boss),
      runner: { dial: { citizenChannel: config.telephony.consultCitizenChannel, officialChannel: config.telephony.consultOfficialChannel, numberFormat: config.telephony.originateNumberFormat } },
      dialAllowedPrefixes: config.telephony.dialAllowedPrefixes,
    },
    digests: { queue: digestQueue(jobs.boss), smtpConfigured: config.smtpUrl !== null, cron: config.digest.cron, rankingTo: config.digest.rankingTo },
    downloads: { stallMs: config.downloadStallMs, exportConnections: config.exportConnections },
    retention: { queue: retentionQueue(jobs.boss) },
    open311: config.open311,
    cluster: cluster ? { nodeId: cluster.nodeId, pool: cluster.pool, isLeader: cluster.isLeader, nodesAlive: cluster.nodesAlive, forwardTimeoutMs: config.forwardTimeoutMs } : undefined,
  });
  announceDigest = (week) => app.realtime.io.to(rooms.supervisors).emit('digests:changed', { week, at: new Date().toISOString() });
  if (!cluster) await workConsultationJobs(jobs.boss, app.consultations, log.child({ module: 'jobs' }));
  await workDigestJobs(jobs.boss, digests, log.child({ module: 'jobs' }), { cron: config.digest.cron });
  await workRetentionJobs(jobs.boss, { dataSource, audit: createAuditService(dataSource), log: log.child({ module: 'retention' }), node: cluster?.nodeId ?? 'single' }, { cron: config.retentionCron });
  await workRecordingJobs(jobs.boss, { dataSource, dir: config.recordings.dir, retentionDays: config.recordings.retentionDays, log: log.child({ module: 'jobs' }) });
  await workOutageJobs(jobs.boss, app.outages.detector, log.child({ module: 'spikes' }));
  await workBackupJobs(jobs.boss, { dataSource, url: (dataSource.options as { url: string }).url, settings: config.backup, log: log.child({ module: 'backup' }) });
  const stopRelay = await workNotificationJobs(jobs.boss, {
    dataSource, log: log.child({ module: 'notifications' }),
    send: createNoticeSender({ dataSource, channels: noticeChannels(notices), statusBaseUrl: notices.statusBaseUrl, log: log.child({ module: 'notifications' }) }),
  });
  const telegram = notices.telegram?.poll ? notices.telegram : null;
  const linkTelegram = telegram && (() => startTelegramLinking({ token: telegram.token, apiRoot: telegram.apiRoot ?? undefined, status: app.status, log: log.child({ module: 'telegram' }) }));
  // In a cluster the AMI leader polls the bot (the Bot API takes one poller); a single node polls from the start.
  const telegramLinking = linkTelegram && (cluster ? whileLeading(cluster, linkTelegram) : linkTelegram());
  await new Promise<void>((resolve, reject) => {
    app.http.once('error', reject);
    app.http.listen(config.port, config.host, resolve);
  });
  let stopFollowing = () => {};
  if (cluster) stopFollowing = followLeadership({ cluster, dataSource, telephony, app, boss: jobs.boss, log });
  else setInterval(() => void purgeExpiredSessions(dataSource).catch(() => {}), 60 * 60_000).unref();
  const demoOutages = simulator ? await startDemoOutages({ simulator, dataSource, queue: DEMO_QUEUE, log, outages: app.outages }) : null;
  const stopDemoCalls = simulator
    ? await startDemoCalls({ simulator, dataSource, callsPerMinute: config.demoCallsPerMinute, load: { talkSeconds: config.demoTalkSeconds }, log, insideOutage: demoOutages?.insideOutage })
    : () => {};
  const url = `http://${config.host}:${config.port}`;
  log.info(`Hromada Contact is ready at ${url} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (firstRun.lines.length) process.stdout.write(`\n${firstRun.lines.join('\n')}\n\n`);

  let stopping = false;
  const stop = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    // A dependency that does not answer (a pool waiting for a connection PostgreSQL dropped) must not keep a
    // node half-alive: the others are waiting for its lock and its sockets to go.
    setTimeout(() => {
      log.warn('clean stop took too long; exiting');
      process.exit(exitCode);
    }, 10_000).unref();
    database.stop();
    stopFollowing();
    stopDemoCalls();
    stopRelay();
    await telegramLinking?.stop().catch(() => {});
    demoOutages?.stop();
    await jobs.stop().catch(() => {});
    await telephony.stop().catch(() => {});
    await simulator?.close();
    await app.realtime.io.close();
    app.http.closeAllConnections();
    await cluster?.stop();
    await dataSource.destroy().catch(() => {});
    await embedded?.stop();
    unlock();
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  installLastResort({ log, shutdown: stop });
}

main().catch((e: Error & { exitCode?: number }) => {
  process.stderr.write(`Hromada Contact could not start: ${e.message}\n`);
  // 78 (a DATA_DIR of another PostgreSQL): restarting cannot help; the README's unit does not restart on it.
  process.exit(e.exitCode ?? 1);
});
