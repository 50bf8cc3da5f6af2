import type { Logger } from 'pino';
import type { CallerCard } from '../realtime/contract';
import { historyUnavailableCard, type CardService } from './card.service';
import { createWriteGate } from './write-gate';

export interface CardLookupOptions {
  /** How long a pop may wait for the history before it goes out without it. */
  deadlineMs: number;
  /** Pause between attempts while the database fails. */
  retryMs: number;
  /** Give up retrying after this long (the call is long over by then). */
  retryForMs: number;
}

interface Entry {
  card: CallerCard | null;
  waiters: ((card: CallerCard) => void)[];
  /** Pops waiting right now; told at once when an attempt fails (no point waiting out the deadline). */
  onFailure: (() => void)[];
  failed: boolean;
  /** Set by the first pop of the call: a second member rung (ringall, the next in line) does not wait again. */
  deadlineAt: number | null;
  forgotten: boolean;
}

const MAX_ENTRIES = 5_000;
/**
 * Card reads at once. A burst of callers (thousands queued at once) waits here, not in the connection pool,
 * so the API keeps its connections; one read takes milliseconds, so four keep up with 50 calls a second.
 */
const CARD_READ_CONNECTIONS = 4;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());

/**
 * One card lookup per call, started as early as the caller is known (queue entry) and shared by every member
 * the call rings. A pop never waits more than `deadlineMs`: after that it goes out marked
 * `historyUnavailable`, and whoever still holds the call gets the card once the database answers.
 */
export function createCardLookup(cards: CardService, options: CardLookupOptions, log: Logger) {
  const entries = new Map<string, Entry>();
  const gate = createWriteGate(CARD_READ_CONNECTIONS);

  async function load(entry: Entry, callId: string, phone: string | null): Promise<void> {
    const giveUpAt = Date.now() + options.retryForMs;
    while (!entry.card) {
      try {
        entry.card = await gate.run(() => cards.byPhone(phone, callId));
      } catch (error) {
        log.warn({ err: error, callId }, 'caller card lookup failed; retrying');
        entry.failed = true;
        for (const tell of entry.onFailure.splice(0)) tell();
        if (entry.forgotten || Date.now() > giveUpAt) return;
        await sleep(options.retryMs);
      }
    }
    for (const waiter of entry.waiters.splice(0)) waiter(entry.card);
  }

  function start(callId: string, phone: string | null): Entry {
    let entry = entries.get(callId);
    if (!entry) {
      entry = { card: null, waiters: [], onFailure: [], failed: false, deadlineAt: null, forgotten: false };
      entries.set(callId, entry);
      // A bound on memory if ends were missed (link lost): the oldest entries go first.
      if (entries.size > MAX_ENTRIES) for (const old of [...entries.keys()].slice(0, entries.size - MAX_ENTRIES)) entries.delete(old);
      void load(entry, callId, phone);
    }
    return entry;
  }

  return {
    /** Starts the lookup early (idempotent), e.g. when the caller joins the queue. */
    prefetch(callId: string, phone: string | null): void {
      start(callId, phone);
    },

    /** The card if ready within the deadline, otherwise the "history unavailable" placeholder. */
    async quick(callId: string, phone: string | null): Promise<{ card: CallerCard; late: boolean }> {
      const entry = start(callId, phone);
      if (entry.card) return { card: entry.card, late: false };
      entry.deadlineAt ??= Date.now() + options.deadlineMs;
      const wait = entry.failed ? 0 : entry.deadlineAt - Date.now();
      let timer: NodeJS.Timeout | undefined;
      const card = wait <= 0 ? null : await Promise.race([
        new Promise<CallerCard>((resolve) => entry.waiters.push(resolve)),
        new Promise<null>((resolve) => entry.onFailure.push(() => resolve(null))),
        new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), wait))),
      ]);
      clearTimeout(timer);
      return card ? { card, late: false } : { card: historyUnavailableCard(), late: true };
    },

    /**
     * Resolves once the call's lookup answered or failed, or after `maxMs`: the call log's first writes wait
     * for it so that they do not compete with the pop's read for the database at the very moment of the ring.
     */
    async settled(callId: string, maxMs: number): Promise<void> {
      const entry = entries.get(callId);
      if (!entry || entry.card || entry.failed) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => entry.waiters.push(() => resolve())),
        new Promise<void>((resolve) => entry.onFailure.push(resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, maxMs))),
      ]);
      clearTimeout(timer);
    },

    /** Runs `then` once with the card when the (slow) lookup finally answers. */
    whenReady(callId: string, then: (card: CallerCard) => void): void {
      const entry = entries.get(callId);
      if (entry?.card) then(entry.card);
      else entry?.waiters.push(then);
    },

    /** The card if already known. */
    known(callId: string): CallerCard | null {
      return entries.get(callId)?.card ?? null;
    },

    /** Rewrites every card held (`change` answers null to keep one as it is): outages changed since it was read. */
    restamp(change: (card: CallerCard) => CallerCard | null): void {
      for (const entry of entries.values()) if (entry.card) entry.card = change(entry.card) ?? entry.card;
    },

    /** Calls whose card is held in memory (for the soak and the tests: it must not grow with the shift). */
    get size(): number {
      return entries.size;
    },

    forget(callId: string): void {
      const entry = entries.get(callId);
      if (!entry) return;
      entry.forgotten = true;
      entries.delete(callId);
    },
  };
}
export type CardLookup = ReturnType<typeof createCardLookup>;
