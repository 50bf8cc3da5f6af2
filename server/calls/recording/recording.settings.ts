import path from 'node:path';

export interface RecordingSettings {
  /** RECORDINGS: `off`, `queues` (calls through a queue) or `all` (click-to-call too). */
  mode: 'off' | 'queues' | 'all';
  /** RECORDINGS_START: `server` (AMI MixMonitor on answer) or `dialplan` (the city's MixMonitor(); we only follow its events). */
  start: 'server' | 'dialplan';
  /** RECORDINGS_DIR: where this server reads the files (Asterisk's monitor folder, or a mount of it). */
  dir: string;
  /** RECORDINGS_RETENTION_DAYS: how long a recording is kept after its call (default 90). */
  retentionDays: number;
  /** RECORDINGS_MIN_FREE_MB: below this much free space in `dir` no recording is started (the call goes on). */
  minFreeMb: number;
  /** RECORDINGS_AGENT_OWN_HOURS: agents may hear their own calls of the last N hours (their shift); 0 = never. */
  agentOwnHours: number;
}

export const defaultRecordingSettings: RecordingSettings = {
  mode: 'off', start: 'server', dir: '/var/spool/asterisk/monitor', retentionDays: 90, minFreeMb: 200, agentOwnHours: 0,
};

const number = (value: string | undefined, fallback: number, name: string, min = 0): number => {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name}: ${value} is not a number ≥ ${min}`);
  return n;
};

const oneOf = <T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, name: string): T => {
  if (value === undefined || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${name}: ${value} is not one of ${allowed.join(', ')}`);
  return value as T;
};

/** The recordings' settings from the environment; a bad value stops the start with its name. */
export function readRecordingSettings(env: NodeJS.ProcessEnv, dataDir: string, demo: boolean): RecordingSettings {
  return {
    // The demo records (into its own folder): a newcomer sees the feature at once.
    mode: oneOf(env.RECORDINGS, ['off', 'queues', 'all'] as const, demo ? 'all' : 'off', 'RECORDINGS'),
    start: oneOf(env.RECORDINGS_START, ['server', 'dialplan'] as const, 'server', 'RECORDINGS_START'),
    dir: path.resolve(env.RECORDINGS_DIR || (demo ? path.join(dataDir, 'recordings') : defaultRecordingSettings.dir)),
    // The demo keeps two days of its (short, synthetic) recordings: a demo left running does not fill the disk.
    retentionDays: number(env.RECORDINGS_RETENTION_DAYS, demo ? 2 : 90, 'RECORDINGS_RETENTION_DAYS', 1),
    minFreeMb: number(env.RECORDINGS_MIN_FREE_MB, defaultRecordingSettings.minFreeMb, 'RECORDINGS_MIN_FREE_MB'),
    agentOwnHours: number(env.RECORDINGS_AGENT_OWN_HOURS, 0, 'RECORDINGS_AGENT_OWN_HOURS'),
  };
}
