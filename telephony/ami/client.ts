import type { AmiStatus } from '../events';
import type { AmiMessage } from './message';
import type { ConnectionSettings } from './connection';
import { AmiConnection } from './connection';
import { AmiAuthError, AmiLinkError } from './errors';
import { backoffDelay } from './backoff';
import { createSkippedFrames } from './skipped-frames';

export type LogFn = (level: 'debug' | 'info' | 'warn' | 'error', msg: string, data?: object) => void;

export interface AmiClientOptions extends Partial<Omit<ConnectionSettings, 'host' | 'port' | 'username' | 'secret'>> {
  host: string;
  port: number;
  username: string;
  secret: string;
  log?: LogFn;
  now?: () => Date;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
}

export interface AmiClientHandlers {
  /** Logged in, mask set: the link is usable; resync now. Events keep flowing through onEvent. */
  onLogin(connection: AmiConnection): void;
  onEvent(message: AmiMessage, seq: number): void;
  onLinkLost(error: Error): void;
  /** The link's state changed (connecting → connected → disconnected …): tell the consoles. */
  onStatus?(status: AmiStatus): void;
}

const defaults: Omit<ConnectionSettings, 'host' | 'port' | 'username' | 'secret'> = {
  eventMask: 'system,call,agent',
  actionTimeoutMs: 10_000,
  listTimeoutMs: 30_000,
  connectTimeoutMs: 10_000,
  pingIntervalMs: 20_000,
  pingTimeoutMs: 5_000,
  maxLineBytes: 64 * 1024,
  maxMessageBytes: 512 * 1024,
};

/** Keeps one AMI session alive: fresh connection per attempt, exponential backoff, health status. */
export class AmiClient {
  private readonly settings: ConnectionSettings;
  private current: AmiConnection | null = null;
  private running = false;
  private attempt = 0;
  private sessions = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private state: AmiStatus;
  private readonly log: LogFn;
  private readonly now: () => Date;
  private readonly skippedFrames: (error: unknown, message: AmiMessage) => void;

  constructor(private readonly options: AmiClientOptions, private readonly handlers: AmiClientHandlers) {
    const { log: _log, now: _now, backoffInitialMs: _b1, backoffMaxMs: _b2, ...rest } = options;
    this.settings = { ...defaults, ...rest };
    this.log = options.log ?? (() => {});
    this.now = options.now ?? (() => new Date());
    this.skippedFrames = createSkippedFrames(this.log);
    this.state = { state: 'disconnected', since: this.now().toISOString() };
  }

  status(): AmiStatus {
    return { ...this.state };
  }

  /** The logged-in connection, or null: actions on a dead link must fail at once, not queue up. */
  get connection(): AmiConnection | null {
    return this.current?.isOpen ? this.current : null;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.setState('connecting');
    this.connect();
  }

  /** Called by the resync once the state is rebuilt: only then are we really "connected". */
  markReady(): void {
    this.setState('connected');
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const connection = this.current;
    this.current = null;
    if (connection?.isOpen) {
      await connection.action({ Action: 'Logoff' }, 1000).catch(() => undefined);
      connection.shutdown(new AmiLinkError('stopped'));
    }
    this.setState('disconnected');
  }

  /** `since` moves only when the state does; a new error on the same state just replaces the message. */
  private setState(state: AmiStatus['state'], error?: string): void {
    const changed = this.state.state !== state;
    const since = changed ? this.now().toISOString() : this.state.since;
    this.state = { state, since, ...(error ? { error } : {}) };
    if (changed) this.handlers.onStatus?.(this.status());
  }

  private connect(): void {
    this.retryTimer = null;
    if (!this.running) return;
    const connection = new AmiConnection(this.settings, {
      onEvent: (message, seq) => {
        if (this.current === connection) this.handlers.onEvent(message, seq);
      },
      onClose: (error) => this.onClose(connection, error),
      onFrameFailed: this.skippedFrames,
    }, `hc${++this.sessions}`);
    this.current = connection;
    this.log('debug', 'ami connecting', { host: this.settings.host, port: this.settings.port });
    connection.open().then(
      () => {
        if (this.current !== connection) return;
        this.attempt = 0;
        this.log('info', 'ami logged in', { host: this.settings.host, port: this.settings.port });
        this.handlers.onLogin(connection);
      },
      () => undefined, // onClose has the reason and schedules the retry
    );
  }

  private onClose(connection: AmiConnection, error: Error): void {
    if (this.current !== connection) return;
    this.current = null;
    // Retries keep the state: `connecting` until the first success, then `disconnected` or
    // `auth_failed` (what an operator must fix) until the link is back.
    if (error instanceof AmiAuthError) this.setState('auth_failed', error.message);
    else if (this.running) this.setState(this.state.state === 'connecting' ? 'connecting' : 'disconnected', error.message);
    this.handlers.onLinkLost(error);
    if (!this.running) return;
    // A refused connection costs Asterisk nothing, so probe often and be back within ~2 s of it; wrong
    // credentials will not fix themselves, so those wait longer.
    const initial = this.options.backoffInitialMs ?? 250;
    const max = this.options.backoffMaxMs ?? 2000;
    const delay = error instanceof AmiAuthError ? backoffDelay(this.attempt++, initial * 4, max * 15) : backoffDelay(this.attempt++, initial, max);
    this.log(error instanceof AmiAuthError ? 'error' : 'warn', 'ami link down, retrying', { error: error.message, retryInMs: delay });
    this.retryTimer = setTimeout(() => this.connect(), delay);
    this.retryTimer.unref?.();
  }
}
