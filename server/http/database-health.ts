import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { isPoolExhausted, unavailable } from './errors';

export interface DatabaseStatus {
  up: boolean;
  since: string;
  error?: string;
}

/**
 * Knows whether PostgreSQL answers. Routes that need it answer 503 while it does not, instead of hanging;
 * a probe every few seconds notices when it is back, and the pool reconnects by itself.
 */
export class DatabaseHealth {
  private status: DatabaseStatus = { up: false, since: new Date().toISOString(), error: 'starting' };
  private timer?: NodeJS.Timeout;
  private probing = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: Logger,
    private readonly intervals = { whenUp: 10_000, whenDown: 1_000 },
  ) {}

  get up(): boolean {
    return this.status.up;
  }

  snapshot(): DatabaseStatus {
    return { ...this.status };
  }

  /** Starts probing; call once the DataSource is initialised. */
  start(): void {
    this.set(true);
    this.schedule();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  /** Called by the error handler when a query failed for want of a connection. */
  markDown(error = 'connection lost'): void {
    if (!this.status.up) return;
    this.set(false, error);
    this.schedule();
  }

  /** 503 at once while the database is down: nothing is half-written and nobody waits for a timeout. */
  readonly require: RequestHandler = (_req, _res, next) => {
    if (this.status.up) return next();
    next(unavailable('database_unavailable', 'The database is not reachable; try again in a moment.'));
  };

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.probe(), this.status.up ? this.intervals.whenUp : this.intervals.whenDown);
    this.timer.unref();
  }

  /** One check now (it also runs on its timer). A pool with no free connection is busy, not down. */
  async probe(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    try {
      await this.dataSource.query('SELECT 1');
      if (!this.status.up) this.set(true);
    } catch (e) {
      if (this.status.up && !isPoolExhausted(e)) this.set(false, (e as Error).message);
    } finally {
      this.probing = false;
      this.schedule();
    }
  }

  private set(up: boolean, error?: string): void {
    if (this.status.up !== up) {
      if (up) this.log.info('database is reachable');
      else this.log.warn({ error }, 'database is not reachable; answering 503 until it is back');
    }
    this.status = { up, since: new Date().toISOString(), ...(error ? { error } : {}) };
  }
}
