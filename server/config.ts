import path from 'node:path';
import { DEFAULT_DEMO_LOAD, parseSecondsRange } from './startup/demo-load';

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
  /** Talk times of the demo's simulated callers, seconds (`DEMO_TALK_SECONDS=30-120`). */
  demoTalkSeconds: [number, number];
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
    demoCallsPerMinute: Number(env.DEMO_CALLS_PER_MINUTE ?? DEFAULT_DEMO_LOAD.callsPerMinute),
    demoTalkSeconds: parseSecondsRange(env.DEMO_TALK_SECONDS, DEFAULT_DEMO_LOAD.talkSeconds),
  };
}
