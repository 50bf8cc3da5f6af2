import type { AmiMessage } from './message';
import { field } from './message';
import { AmiActionError, AmiLinkError } from './errors';

/** What an action waits for after its Response: nothing, the list up to its Complete, or one event. */
export type Expectation = { kind: 'response' } | { kind: 'list' } | { kind: 'event'; eventName: string };

export interface ListResult {
  items: AmiMessage[];
  /** Sequence number of the Response: messages numbered below it were sent before the list was taken. */
  responseSeq: number;
}

export interface EventResult {
  response: AmiMessage;
  event: AmiMessage;
}

interface Pending {
  action: string;
  expect: Expectation;
  resolve: (value: never) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  items: AmiMessage[];
  response: AmiMessage | null;
  responseSeq: number;
}

/** ActionID → the promise waiting for it. Everything is rejected when the link closes. */
export class PendingActions {
  private readonly pending = new Map<string, Pending>();

  add(actionId: string, action: string, expect: Expectation, timeoutMs: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(actionId, new AmiLinkError(`${action}: no answer within ${timeoutMs} ms`)), timeoutMs);
      timer.unref?.();
      this.pending.set(actionId, { action, expect, resolve: resolve as (value: never) => void, reject, timer, items: [], response: null, responseSeq: 0 });
    });
  }

  get size(): number {
    return this.pending.size;
  }

  fail(actionId: string, error: Error): void {
    const entry = this.pending.get(actionId);
    if (!entry) return;
    this.pending.delete(actionId);
    clearTimeout(entry.timer);
    entry.reject(error);
  }

  failAll(error: Error): void {
    for (const actionId of [...this.pending.keys()]) this.fail(actionId, error);
  }

  private settle(actionId: string, entry: Pending, value: unknown): void {
    this.pending.delete(actionId);
    clearTimeout(entry.timer);
    entry.resolve(value as never);
  }

  /** A message without `Event`: the direct Response to one of our actions. */
  onResponse(message: AmiMessage, seq: number): void {
    const actionId = field(message, 'actionid');
    const entry = this.pending.get(actionId);
    if (!entry) return;
    const response = field(message, 'response').toLowerCase();
    if (response !== 'success' && !(response === 'goodbye' && entry.action === 'Logoff')) {
      this.fail(actionId, new AmiActionError(entry.action, field(message, 'message') || response));
      return;
    }
    entry.response = message;
    entry.responseSeq = seq;
    const startsList = field(message, 'eventlist').toLowerCase() === 'start';
    if (entry.expect.kind === 'response') this.settle(actionId, entry, message);
    else if (entry.expect.kind === 'list' && !startsList) this.settle(actionId, entry, { items: [], responseSeq: seq });
  }

  /** An event carrying an ActionID. True when it belonged to a pending list (and is no broadcast). */
  onEvent(message: AmiMessage): boolean {
    const actionId = field(message, 'actionid');
    const entry = this.pending.get(actionId);
    if (!entry) return false;
    if (entry.expect.kind === 'event') {
      if (field(message, 'event').toLowerCase() !== entry.expect.eventName.toLowerCase()) return false;
      this.settle(actionId, entry, { response: entry.response, event: message });
      return false;
    }
    if (entry.expect.kind !== 'list') return false;
    const listState = field(message, 'eventlist').toLowerCase();
    if (listState === 'complete') this.settle(actionId, entry, { items: entry.items, responseSeq: entry.responseSeq });
    else if (listState === 'cancelled') this.fail(actionId, new AmiActionError(entry.action, 'list cancelled'));
    else entry.items.push(message);
    return true;
  }
}
