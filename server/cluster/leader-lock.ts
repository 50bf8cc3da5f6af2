import pg from 'pg';
import type { Logger } from 'pino';

/** The advisory lock whose holder is the AMI leader (advisory locks are per database). */
export const LEADER_LOCK = 0x4843_0001;

export interface LeaderLockOptions {
  url: string;
  log: Logger;
  /** How often a follower tries the lock, and how often the leader checks its connection (ms). */
  pollMs?: number;
  /** A leader whose lock connection does not answer in this time steps down (ms). */
  checkTimeoutMs?: number;
  onChange(leader: boolean): void;
}

/**
 * One leader among the nodes on a database: whoever holds a session-level advisory lock on its own dedicated
 * connection. PostgreSQL frees the lock when that session ends (the process died, the backend was
 * terminated, the server restarted), and the leader steps down the moment it cannot prove it still holds
 * that session: its connection errs, ends, or stops answering. So two nodes never both believe they lead.
 */
export class LeaderLock {
  private client: pg.Client | null = null;
  private leader = false;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  /** A node that just lost its database connection waits before competing again: the others go first. */
  private quietUntil = 0;
  private readonly pollMs: number;
  private readonly checkTimeoutMs: number;

  constructor(private readonly o: LeaderLockOptions) {
    this.pollMs = o.pollMs ?? 1000;
    this.checkTimeoutMs = o.checkTimeoutMs ?? 2000;
  }

  get isLeader(): boolean {
    return this.leader;
  }

  start(): void {
    this.stopped = false;
    void this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.stepDown('stopping');
    await this.drop();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.pollMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      if (!this.leader && Date.now() < this.quietUntil) return this.schedule();
      const client = this.client ?? (await this.connect());
      if (this.leader) await this.withTimeout(client.query('SELECT 1'));
      else if ((await this.withTimeout(client.query('SELECT pg_try_advisory_lock($1) AS got', [LEADER_LOCK]))).rows[0]?.got) {
        // The lock was taken on this very connection: it is lost, and we step down, with it.
        if (client === this.client && !this.stopped) this.setLeader(true);
      }
    } catch (error) {
      this.stepDown((error as Error).message);
      await this.drop();
    }
    this.schedule();
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.o.url, application_name: 'hromada-contact-leader', connectionTimeoutMillis: this.checkTimeoutMs });
    const lost = (why: string) => () => {
      if (this.client !== client) return;
      this.stepDown(why);
      this.client = null;
      client.end().catch(() => undefined);
    };
    client.on('error', (error) => lost(`lock connection failed: ${error.message}`)());
    client.on('end', lost('lock connection ended'));
    await client.connect();
    this.client = client;
    return client;
  }

  private async withTimeout<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`lock connection silent for ${this.checkTimeoutMs} ms`)), this.checkTimeoutMs);
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closing the session frees the lock on the server too, if it can still hear us. */
  private async drop(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    const ended = client.end().catch(() => undefined);
    // A server that does not answer does not get to hold us up: the socket is closed either way.
    await Promise.race([ended, new Promise((r) => setTimeout(r, 500).unref())]);
  }

  private stepDown(why: string): void {
    if (!this.leader) return;
    this.quietUntil = Date.now() + 3 * this.pollMs;
    this.o.log.warn({ why }, 'no longer the AMI leader');
    this.setLeader(false);
  }

  private setLeader(leader: boolean): void {
    this.leader = leader;
    if (leader) this.o.log.info('elected the AMI leader');
    this.o.onChange(leader);
  }
}
