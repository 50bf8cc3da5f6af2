import type { Socket } from 'node:net';
import type { AmiManager } from 'asterisk-manager';
import type { AmiMessage } from './message';
import type { EventResult, Expectation, ListResult } from './pending-actions';
import diagnostics from 'node:diagnostics_channel';
import createManager from 'asterisk-manager';
import { field } from './message';
import { unsafeField } from './action-fields';
import { AmiAuthError, AmiFieldError, AmiLinkError } from './errors';
import { FollowsGuard } from './follows-guard';
import { FrameGuard } from './frame-guard';
import { PendingActions } from './pending-actions';
import { quietly } from './quiet';

export interface ConnectionSettings {
  host: string;
  port: number;
  username: string;
  secret: string;
  /** Classes for the `Events` action sent after login (Login's own `Events` is broken in the package). */
  eventMask: string;
  actionTimeoutMs: number;
  listTimeoutMs: number;
  connectTimeoutMs: number;
  pingIntervalMs: number;
  pingTimeoutMs: number;
  maxLineBytes: number;
  maxMessageBytes: number;
  /** A `Response: Follows` body (which we never ask for) past these sizes, or open this long, resets the link. */
  maxFollowsBytes?: number;
  maxFollowsLines?: number;
  maxFollowsMs?: number;
}

export interface ConnectionHandlers {
  /** Every broadcast event, numbered in wire order. */
  onEvent(message: AmiMessage, seq: number): void;
  /** Called once, whatever closed the link. */
  onClose(error: Error): void;
  /** Handling one frame threw: the frame is skipped and the link lives on. */
  onFrameFailed?(error: unknown, message: AmiMessage): void;
}

export type ActionFields = Record<string, string | number | boolean | Record<string, string> | undefined>;

/** Finds the socket asterisk-manager creates inside connect(): the package does not expose it. */
function captureSocket(connect: () => void): Socket | null {
  let socket: Socket | null = null;
  const onSocket = (message: unknown) => {
    socket ??= (message as { socket: Socket }).socket;
  };
  diagnostics.subscribe('net.client.socket', onSocket);
  try {
    connect();
  } finally {
    diagnostics.unsubscribe('net.client.socket', onSocket);
  }
  return socket;
}

/**
 * One AMI session on a fresh asterisk-manager instance: its parser keeps partial messages across
 * reconnects, so an instance is never reused. Login errors, timeouts and a closing link all reject.
 */
export class AmiConnection {
  private readonly manager: AmiManager;
  private readonly pending = new PendingActions();
  private socket: Socket | null = null;
  private closed = false;
  private seq = 0;
  private nextId = 0;
  private pingTimer: NodeJS.Timeout | null = null;
  private readonly closeListeners: Array<() => void> = [];
  private closeReason: Error | null = null;
  private followsTimer: { entered: number; timer: NodeJS.Timeout } | null = null;

  constructor(private readonly settings: ConnectionSettings, private readonly handlers: ConnectionHandlers, private readonly idPrefix: string) {
    // port undefined: no auto-connect, so that login(cb) below is the one that reports failures.
    this.manager = createManager(undefined, settings.host, settings.username, settings.secret, false);
  }

  /** Connects, logs in, sets the event mask. Rejects with AmiAuthError on a wrong secret. */
  open(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const guard = new FrameGuard(this.settings.maxLineBytes, this.settings.maxMessageBytes);
      const follows = new FollowsGuard({ maxBytes: this.settings.maxFollowsBytes ?? 64 * 1024, maxLines: this.settings.maxFollowsLines ?? 2000 });
      const connectTimer = setTimeout(() => this.shutdown(new AmiLinkError('connect/login timed out')), this.settings.connectTimeoutMs);
      // The package's own dispatcher emits each response under its ActionID and each event under its name,
      // on the emitter that also carries 'error', 'close' and 'rawevent': a peer could fire any of them.
      // We take the parsed frames ourselves instead, and only answers to ids we sent go back to the package.
      this.manager.removeAllListeners('rawevent');
      this.manager.on('rawevent', (m: AmiMessage) => this.onFrame(m));
      this.manager.on('close', () => this.shutdown(new AmiLinkError('connection closed')));
      this.manager.on('error', (error: unknown) => this.shutdown(new AmiLinkError(error instanceof Error ? error.message : 'socket error')));
      this.socket = captureSocket(() =>
        quietly(() =>
          this.manager.connect(this.settings.port, this.settings.host, () => {
            this.manager.login((err, res) => {
              if (this.closed) return;
              if (err) {
                clearTimeout(connectTimer);
                const message = field((res ?? err) as AmiMessage, 'message') || 'Authentication failed';
                reject(new AmiAuthError(message));
                this.shutdown(new AmiAuthError(message));
                return;
              }
              this.action({ Action: 'Events', EventMask: this.settings.eventMask })
                .then(() => {
                  clearTimeout(connectTimer);
                  this.startPing();
                  resolve();
                })
                .catch((error: Error) => this.shutdown(error));
            });
          }),
        ),
      );
      this.socket?.on('data', (chunk: string | Buffer) => {
        const text = String(chunk);
        if (!guard.feed(text)) this.shutdown(new AmiLinkError('protocol violation: line or message too long'));
        else if (!follows.feed(text)) this.shutdown(new AmiLinkError(`protocol violation: ${follows.violation}`));
        else if (follows.open) this.boundFollows(follows);
      });
      this.closeListeners.push(() => {
        clearTimeout(connectTimer);
        reject(this.closeReason ?? new AmiLinkError('connection closed'));
      });
    });
  }

  /** A follows body still open after `maxFollowsMs` is never going to end: everything after it is being swallowed. */
  private boundFollows(follows: FollowsGuard): void {
    const entered = follows.entered;
    if (this.followsTimer?.entered === entered) return;
    clearTimeout(this.followsTimer?.timer);
    const timer = setTimeout(() => {
      if (follows.open && follows.entered === entered) this.shutdown(new AmiLinkError(`protocol violation: Response: Follows without its end for ${this.settings.maxFollowsMs ?? 2000} ms`));
    }, this.settings.maxFollowsMs ?? 2000);
    timer.unref?.();
    this.followsTimer = { entered, timer };
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  action(fields: ActionFields, timeoutMs = this.settings.actionTimeoutMs): Promise<AmiMessage> {
    return this.send(fields, { kind: 'response' }, timeoutMs) as Promise<AmiMessage>;
  }

  list(fields: ActionFields, timeoutMs = this.settings.listTimeoutMs): Promise<ListResult> {
    return this.send(fields, { kind: 'list' }, timeoutMs) as Promise<ListResult>;
  }

  /** An action whose outcome is a later event with the same ActionID (Originate → OriginateResponse). */
  actionThenEvent(fields: ActionFields, eventName: string, timeoutMs: number): Promise<EventResult> {
    return this.send(fields, { kind: 'event', eventName }, timeoutMs) as Promise<EventResult>;
  }

  private send(fields: ActionFields, expect: Expectation, timeoutMs: number): Promise<unknown> {
    const actionName = String(fields.Action ?? '');
    // Every action passes here: a value with a line break would be a second field or action on the wire.
    const unsafe = unsafeField(fields);
    if (unsafe !== null) return Promise.reject(new AmiFieldError(actionName.replace(/[\r\n\0]/g, ' '), unsafe));
    if (this.closed) return Promise.reject(new AmiLinkError(`${actionName}: not connected`));
    const requested = `${this.idPrefix}-${++this.nextId}`;
    // The package only reads a lowercase `actionid`; any other spelling is dropped for a Date.now() id.
    const sent = quietly(() => this.manager.action({ ...fields, actionid: requested }));
    // The package may rename an ActionID it thinks is taken; the id it returns is the one on the wire.
    return this.pending.add(sent, actionName, expect, timeoutMs);
  }

  /** Every parsed frame, synchronously from the package's parser: nothing thrown here may reach the socket. */
  private onFrame(message: AmiMessage): void {
    if (this.closed) return;
    try {
      const isEvent = message.event !== undefined;
      if (isEvent) message.event = field(message, 'event');
      this.onMessage(message, isEvent);
      if (!isEvent) this.answerPackage(message);
    } catch (error) {
      this.handlers.onFrameFailed?.(error, message);
    }
  }

  /**
   * The package waits for the answer to its Login (a numeric id it made) and keeps a listener per action
   * until answered; we hand it the answers to ids we sent, never anything else.
   */
  private answerPackage(message: AmiMessage): void {
    const actionId = field(message, 'actionid');
    const ours = actionId.startsWith(`${this.idPrefix}-`) || /^\d+$/.test(actionId);
    if (!ours || this.manager.listeners(actionId).length === 0) return;
    const failed = field(message, 'response').toLowerCase() === 'error';
    this.manager.emit(actionId, failed ? message : undefined, message);
  }

  private onMessage(message: AmiMessage, isEvent: boolean): void {
    const seq = ++this.seq;
    if (!isEvent) {
      if (message.response === undefined) {
        this.shutdown(new AmiLinkError('protocol violation: message without Event or Response'));
        return;
      }
      this.pending.onResponse(message, seq);
      return;
    }
    if (message.actionid !== undefined && this.pending.onEvent(message)) return;
    this.handlers.onEvent(message, seq);
  }

  private startPing(): void {
    this.pingTimer = setInterval(() => {
      this.action({ Action: 'Ping' }, this.settings.pingTimeoutMs).catch((error: Error) => {
        this.shutdown(new AmiLinkError(`ping unanswered: ${error.message}`));
      });
    }, this.settings.pingIntervalMs);
    this.pingTimer.unref?.();
  }

  /** Closes the link (idempotent): pending actions reject, the instance is thrown away. */
  shutdown(reason: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.closeReason = reason;
    if (this.pingTimer) clearInterval(this.pingTimer);
    clearTimeout(this.followsTimer?.timer);
    this.pending.failAll(reason instanceof AmiAuthError ? reason : new AmiLinkError(`link closed: ${reason.message}`));
    this.manager.removeAllListeners('rawevent');
    this.manager.removeAllListeners('close');
    this.manager.on('error', () => {});
    this.socket?.destroy();
    quietly(() => this.manager.disconnect());
    for (const listener of this.closeListeners) listener();
    this.handlers.onClose(reason);
  }
}
