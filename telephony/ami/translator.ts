import type { AmiMessage } from './message';
import type { TranslatedEvent } from './translated';
import { eventName, floatField } from './message';
import { callHandlers } from './translate-calls';
import { memberHandlers } from './translate-members';
import { conferenceHandlers, originateHandlers, systemHandlers } from './translate-other';
import { DEFAULT_LOCAL_TECH } from './channel-names';
import { recordingHandlers } from './translate-recording';

export interface TranslateOptions {
  /** The clock, for events without an AMI `Timestamp` (timestampevents=no). */
  now: () => Date;
  /** Technology of the phones behind `Local/<exten>@...` members (FreePBX): `PJSIP` unless told. */
  localTech?: string;
  /** A FullyBooted whose Uptime is below this means Asterisk has just (re)started. */
  freshBootSeconds?: number;
}

export interface TranslateContext {
  at: string;
  localTech: string;
  freshBootSeconds: number;
}

export type Translation = (message: AmiMessage, context: TranslateContext) => TranslatedEvent[];

/** One table, keyed by lowercased AMI event name; anything else translates to nothing. */
const handlers = new Map<string, Translation>(
  Object.entries({ ...callHandlers, ...memberHandlers, ...conferenceHandlers, ...originateHandlers, ...systemHandlers, ...recordingHandlers }),
);

export function isTranslated(eventName: string): boolean {
  return handlers.has(eventName.toLowerCase());
}

/** Timestamps outside these years are absurd (a Date may not even hold them): our clock is used instead. */
const SANE_STAMPS = { from: Date.UTC(2000, 0, 1) / 1000, to: Date.UTC(2100, 0, 1) / 1000 };

/**
 * When the event happened: Asterisk's own Timestamp (timestampevents=yes) beats our clock. The events of one
 * moment (a call's Newchannel, Newstate, DialBegin…) share their millisecond: it is formatted once.
 */
function stampFormatter(): (message: AmiMessage, now: () => Date) => string {
  let lastMs = NaN;
  let lastIso = '';
  return (message, now) => {
    const stamp = floatField(message, 'timestamp');
    if (!(stamp >= SANE_STAMPS.from && stamp < SANE_STAMPS.to)) return now().toISOString();
    const ms = Math.floor(stamp * 1000);
    if (ms !== lastMs) {
      lastMs = ms;
      lastIso = new Date(ms).toISOString();
    }
    return lastIso;
  };
}

/** Pure: a raw AMI event in, zero or more domain events out. */
export function createTranslator(options: TranslateOptions): (message: AmiMessage) => TranslatedEvent[] {
  const localTech = options.localTech ?? DEFAULT_LOCAL_TECH;
  const freshBootSeconds = options.freshBootSeconds ?? 120;
  const eventTime = stampFormatter();
  return (message) => {
    const handler = handlers.get(eventName(message));
    if (!handler) return [];
    return handler(message, { at: eventTime(message, options.now), localTech, freshBootSeconds });
  };
}
