import type { Logger } from 'pino';

export interface LastResortOptions {
  log: Logger;
  /** Stops the server cleanly (sockets, PBX link, database) and exits with `exitCode`. */
  shutdown: (reason: string, exitCode: number) => Promise<void> | void;
  /** Uncaught exceptions tolerated per minute; more means the process is broken, not unlucky. */
  maxPerMinute?: number;
  /** A clean stop that hangs is cut short: the supervisor restarts us either way. */
  exitDeadlineMs?: number;
  now?: () => number;
}

/** The process's own resources failing (a port taken, no file descriptors or memory left): serving on would fail again. */
const RESOURCE_ERRORS = ['EADDRINUSE', 'EADDRNOTAVAIL', 'EMFILE', 'ENFILE', 'ENOMEM', 'ERR_WORKER_OUT_OF_MEMORY'];

const context = () => ({ uptimeSeconds: Math.round(process.uptime()), rssMb: Math.round(process.memoryUsage().rss / 1024 / 1024) });

/**
 * The last line of defence. A rejected promise nobody awaited is logged and the server serves on: nothing
 * ran half-way. An uncaught exception is logged with its origin and the server serves on too, since one
 * failed callback (one frame, one socket) should not end every agent's console; but when the process
 * itself is out of resources, or exceptions come in a storm, it stops cleanly and exits 1 so that a
 * supervisor (systemd `Restart=on-failure`) starts a fresh one.
 */
export function installLastResort(options: LastResortOptions): () => void {
  const { log } = options;
  const now = options.now ?? Date.now;
  const maxPerMinute = options.maxPerMinute ?? 5;
  const recent: number[] = [];
  let stopping = false;

  function stop(reason: string, error: unknown): void {
    if (stopping) return;
    stopping = true;
    log.fatal({ err: error, reason, ...context() }, 'stopping: the process is not safe to keep running; a supervisor should restart it');
    setTimeout(() => process.exit(1), options.exitDeadlineMs ?? 10_000).unref();
    Promise.resolve()
      .then(() => options.shutdown(reason, 1))
      .catch(() => process.exit(1));
  }

  const onException = (error: unknown, origin: string): void => {
    const at = now();
    recent.push(at);
    while (recent.length > 0 && recent[0]! <= at - 60_000) recent.shift();
    log.error({ err: error, origin, ...context() }, 'uncaught exception');
    const code = String((error as { code?: unknown } | null)?.code ?? '');
    if (RESOURCE_ERRORS.includes(code)) stop(`resource exhausted: ${code}`, error);
    else if (recent.length > maxPerMinute) stop(`${recent.length} uncaught exceptions within a minute`, error);
  };
  const onRejection = (reason: unknown): void => {
    log.error({ err: reason, ...context() }, 'unhandled promise rejection; still serving');
  };

  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
