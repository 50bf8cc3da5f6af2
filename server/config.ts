import path from 'node:path';
import { parseDialPrefixes } from './dial-allowlist';
import { DEFAULT_DEMO_LOAD, parseSecondsRange } from './startup/demo-load';
import { readRecordingSettings, type RecordingSettings } from './calls/recording/recording.settings';
import { DEFAULT_OPEN311 } from './open311/defaults';
import { readSoftphoneSettings, type SoftphoneSettings } from './softphone/softphone.settings';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  ami: { host: string; port: number; username: string; secret: string } | null;
  sessionSecret: string | null;
  production: boolean;
  /** Calls per minute the built-in simulator generates in demo mode (0 = only scripted calls). */
  demoCallsPerMinute: number;
  telephony: TelephonySettings;
  /** Talk times of the demo's simulated callers, seconds (`DEMO_TALK_SECONDS=30-120`). */
  demoTalkSeconds: [number, number];
  /** Express's `trust proxy`: only proxies named here are believed about the client's address. */
  trustProxy: boolean | number | string | undefined;
  /** Origins a console socket may come from; null = the origin the browser addressed (HOST is a wildcard). */
  publicOrigins: string[] | null;
  /** The bearer token `/metrics` requires; null = metrics are not served. */
  metricsToken: string | null;
  /** SMTP for consultation invitations (`smtp://user:pass@host:587`); unset = invitations only downloadable. */
  smtpUrl: string | null;
  mailFrom: string;
  /** The weekly digests: sender, the deputy mayors who get the ranking, and when (cron, Kyiv time). */
  digest: { from: string; rankingTo: string[]; cron: string };
  /** When the daily retention run starts (cron, Kyiv time). */
  retentionCron: string;
  /** CLUSTER=postgres: several nodes on one DATABASE_URL, one of them the AMI leader. */
  cluster: 'postgres' | null;
  /** NODE_ID: this node's name in `/api/health` and the logs; default host-pid-random. */
  nodeId: string | null;
  /** AUTO_MIGRATE=false: refuse to start on a database that lacks this build's migrations instead of running them. */
  autoMigrate: boolean;
  /** How long an action forwarded to the AMI leader waits for its answer (CLUSTER_FORWARD_TIMEOUT_MS). */
  forwardTimeoutMs: number;
  /** A download that moves no byte this long is cut (DOWNLOAD_STALL_TIMEOUT_MS). */
  downloadStallMs: number;
  /** Exports reading through a cursor at once, one pooled connection each (EXPORT_CONNECTIONS). */
  exportConnections: number;
  /** Call recordings: RECORDINGS, RECORDINGS_DIR, RECORDINGS_RETENTION_DAYS, … (the simulator's demo records). */
  recordings: RecordingSettings;
  /** Backups (README, Backup and restore): scheduled when BACKUP_CRON is set. */
  backup: BackupSettings;
  /** Open311 GeoReport v2: the jurisdiction served, the limit without a key, discovery's contact. */
  open311: { jurisdictionId: string; anonymousRatePerMinute: number; contact: string };
  /** The console's softphone: SIP_WS_URL, SIP_DOMAIN, SIP_ICE_SERVERS, SIP_PASSWORD_KEY. */
  softphone: SoftphoneSettings;
}

export interface BackupSettings {
  /** BACKUP_CRON (Kyiv time); null = no scheduled backups. */
  cron: string | null;
  /** BACKUP_DIR: where scheduled backups go (default DATA_DIR/backups). */
  dir: string;
  /** BACKUP_KEEP: successful scheduled backups kept; older ones are deleted. */
  keep: number;
  /** BACKUP_RECORDINGS=true archives RECORDINGS_DIR beside each dump; off by default (recordings are large). */
  recordings: boolean;
  recordingsDir: string;
}

/** How this PBX names things; FreePBX and a plain Asterisk differ. */
export interface TelephonySettings {
  /** Technology of the phones behind `Local/<exten>@…` queue members (`LOCAL_MEMBER_TECH`). */
  localTech: string;
  /** Click-to-call: the agent's leg (`ORIGINATE_CHANNEL`, `{interface}` or `{exten}` filled in), the context it dials the citizen from, and how the number is written. */
  originateChannel: string;
  originateContext: string;
  originateNumberFormat: 'national' | 'international' | 'e164';
  /** Agents in and out of the queues: pause them with reason `offline`, QueueAdd/QueueRemove them, or leave it to the PBX. */
  queueLogin: 'pause' | 'dynamic' | 'off';
  /** Queues a dynamic agent joins; empty = every queue the PBX reports. */
  agentQueues: string[];
  /** How long after an agent's last console closes they leave the queues (a reload is not leaving). */
  queueLogoutGraceMs: number;
  /** Consultations: what the PBX dials for a citizen (`CONSULT_CITIZEN_CHANNEL`) and for the official (`CONSULT_OFFICIAL_CHANNEL`). */
  consultCitizenChannel: string;
  consultOfficialChannel: string;
  /** E.164 prefixes click-to-call and consultations' ad-hoc legs may dial (`DIAL_ALLOWED_PREFIXES`, default +380). */
  dialAllowedPrefixes: string[];
  /** `OUTBOUND_WRAP_UP`: a click-to-call that reached the citizen is classified afterwards (default true). */
  outboundWrapUp: boolean;
  /** Where transfers send the caller: a colleague's extension or a number (TRANSFER_CONTEXT), a queue (TRANSFER_QUEUE_CONTEXT). */
  transferContext: string;
  transferQueueContext: string;
  /** COACHING_VISIBLE: the agent sees when a supervisor listens, whispers or barges in. */
  coachingVisible: boolean;
}

const oneOf = <T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T =>
  allowed.includes(value as T) ? (value as T) : fallback;

export function readTelephonySettings(env: NodeJS.ProcessEnv = process.env): TelephonySettings {
  return {
    localTech: env.LOCAL_MEMBER_TECH?.trim() || 'PJSIP',
    originateChannel: env.ORIGINATE_CHANNEL?.trim() || '{interface}',
    originateContext: env.ORIGINATE_CONTEXT?.trim() || 'agents',
    originateNumberFormat: oneOf(env.ORIGINATE_NUMBER_FORMAT?.trim(), ['national', 'international', 'e164'], 'national'),
    // The demo's simulated agents answer with no console open, so its queue lives with nobody logged in;
    // on a real PBX an agent is in the queues only while their console is open.
    queueLogin: oneOf(env.QUEUE_LOGIN?.trim(), ['pause', 'dynamic', 'off'], env.AMI_HOST?.trim() ? 'pause' : 'off'),
    agentQueues: (env.AGENT_QUEUES ?? '').split(',').map((q) => q.trim()).filter(Boolean),
    queueLogoutGraceMs: Number(env.QUEUE_LOGOUT_GRACE_SECONDS ?? 30) * 1000,
    consultCitizenChannel: env.CONSULT_CITIZEN_CHANNEL?.trim() || 'PJSIP/{e164}@trunk',
    consultOfficialChannel: env.CONSULT_OFFICIAL_CHANNEL?.trim() || '{interface}',
    dialAllowedPrefixes: parseDialPrefixes(env.DIAL_ALLOWED_PREFIXES),
    outboundWrapUp: oneOf(env.OUTBOUND_WRAP_UP?.trim().toLowerCase(), ['true', 'false'], 'true') === 'true',
    transferContext: env.TRANSFER_CONTEXT?.trim() || 'transfers',
    transferQueueContext: env.TRANSFER_QUEUE_CONTEXT?.trim() || 'transfer-queue',
    coachingVisible: oneOf(env.COACHING_VISIBLE?.trim().toLowerCase(), ['true', 'false'], 'true') === 'true',
  };
}

/** The environment of API.md, read in one place. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const amiHost = env.AMI_HOST?.trim();
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL?.trim() || null,
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    ami: amiHost
      ? { host: amiHost, port: Number(env.AMI_PORT ?? 5038), username: env.AMI_USERNAME ?? 'console', secret: env.AMI_SECRET ?? '' }
      : null,
    sessionSecret: env.SESSION_SECRET?.trim() || null,
    production: env.NODE_ENV === 'production',
    telephony: readTelephonySettings(env),
    recordings: readRecordingSettings(env, path.resolve(env.DATA_DIR ?? './data'), !amiHost),
    trustProxy: trustProxy(env.TRUST_PROXY),
    publicOrigins: publicOrigins(env),
    metricsToken: env.METRICS_TOKEN?.trim() || null,
    demoCallsPerMinute: Number(env.DEMO_CALLS_PER_MINUTE ?? DEFAULT_DEMO_LOAD.callsPerMinute),
    demoTalkSeconds: parseSecondsRange(env.DEMO_TALK_SECONDS, DEFAULT_DEMO_LOAD.talkSeconds),
    smtpUrl: env.SMTP_URL?.trim() || null,
    mailFrom: env.MAIL_FROM?.trim() || 'Hromada Contact <no-reply@localhost>',
    digest: {
      from: env.DIGEST_FROM?.trim() || env.MAIL_FROM?.trim() || 'Hromada Contact <no-reply@localhost>',
      rankingTo: (env.DIGEST_RANKING_TO ?? '').split(',').map((a) => a.trim()).filter(Boolean),
      cron: env.DIGEST_CRON?.trim() || '0 8 * * 1',
    },
    retentionCron: env.RETENTION_CRON?.trim() || '30 2 * * *',
    cluster: env.CLUSTER?.trim() === 'postgres' ? 'postgres' : null,
    nodeId: env.NODE_ID?.trim() || null,
    autoMigrate: env.AUTO_MIGRATE?.trim() !== 'false',
    forwardTimeoutMs: Number(env.CLUSTER_FORWARD_TIMEOUT_MS ?? 5000),
    downloadStallMs: positive(env.DOWNLOAD_STALL_TIMEOUT_MS, 30_000),
    exportConnections: positive(env.EXPORT_CONNECTIONS, 3),
    backup: readBackupSettings(env),
    open311: {
      jurisdictionId: env.OPEN311_JURISDICTION_ID?.trim() || DEFAULT_OPEN311.jurisdictionId,
      anonymousRatePerMinute: Math.floor(positive(env.OPEN311_ANONYMOUS_RATE_PER_MINUTE, DEFAULT_OPEN311.anonymousRatePerMinute)),
      contact: env.OPEN311_CONTACT?.trim() || DEFAULT_OPEN311.contact,
    },
    softphone: readSoftphoneSettings(env),
  };
}

export function readBackupSettings(env: NodeJS.ProcessEnv = process.env): BackupSettings {
  const dataDir = path.resolve(env.DATA_DIR ?? './data');
  return {
    cron: env.BACKUP_CRON?.trim() || null,
    dir: path.resolve(env.BACKUP_DIR?.trim() || path.join(dataDir, 'backups')),
    keep: Math.floor(positive(env.BACKUP_KEEP, 7)),
    recordings: env.BACKUP_RECORDINGS?.trim().toLowerCase() === 'true',
    // The same folder the recordings are read from: Asterisk's monitor folder, or DATA_DIR/recordings with the simulator.
    recordingsDir: readRecordingSettings(env, dataDir, !env.AMI_HOST?.trim()).dir,
  };
}

/** A positive number, or the default when unset or not one (0 would mean "never cut" or "never export"). */
function positive(value: string | undefined, fallback: number): number {
  const n = Number(value?.trim() || NaN);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** Unset means no proxy: otherwise any local client could name its own address in X-Forwarded-For. */
function trustProxy(value: string | undefined): Config['trustProxy'] {
  const v = value?.trim();
  if (!v || v === 'false') return undefined;
  if (v === 'true') return true;
  return /^\d+$/.test(v) ? Number(v) : v;
}

function publicOrigins(env: NodeJS.ProcessEnv): string[] | null {
  const given = env.PUBLIC_ORIGIN?.split(',').map((s) => s.trim()).filter(Boolean);
  if (given?.length) return given.map(origin);
  const host = env.HOST ?? '127.0.0.1';
  if (['0.0.0.0', '::', '[::]', ''].includes(host)) return null;
  const port = Number(env.PORT ?? 3000);
  const names = ['127.0.0.1', 'localhost'].includes(host) ? ['127.0.0.1', 'localhost'] : host === '::1' ? ['[::1]', 'localhost'] : [host];
  const origins = names.map((name) => origin(`http://${name}:${port}`));
  // `npm run dev` with vite's dev server in front (vite.config.ts proxies /socket.io to us).
  if (env.NODE_ENV === 'development') origins.push('http://localhost:5173', 'http://127.0.0.1:5173');
  return origins;
}

function origin(url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.origin;
  } catch {
    // reported below
  }
  throw new Error(`PUBLIC_ORIGIN: ${url} is not an origin such as https://contact.example`);
}
