import pino, { type Logger } from 'pino';

/** JSON logs in production; readable, coloured lines when a person watches the terminal. */
export function createLogger(opts: { pretty?: boolean; level?: string } = {}): Logger {
  const pretty = opts.pretty ?? (process.stdout.isTTY && process.env.NODE_ENV !== 'production');
  return pino({
    level: opts.level ?? process.env.LOG_LEVEL ?? 'info',
    redact: ['req.headers.cookie', 'password', '*.password'],
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  });
}
