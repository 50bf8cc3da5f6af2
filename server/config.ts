import path from 'node:path';

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
  /** SMTP for consultation invitations (`smtp://user:pass@host:587`); unset = invitations only downloadable. */
  smtpUrl: string | null;
  mailFrom: string;
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
    demoCallsPerMinute: Number(env.DEMO_CALLS_PER_MINUTE ?? 3),
    smtpUrl: env.SMTP_URL?.trim() || null,
    mailFrom: env.MAIL_FROM?.trim() || 'Hromada Contact <no-reply@localhost>',
  };
}
