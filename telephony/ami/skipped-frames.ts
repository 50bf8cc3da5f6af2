import type { AmiMessage } from './message';
import type { LogFn } from './client';
import { field } from './message';

/**
 * Reports frames we could not handle, at most once per interval with how many were skipped meanwhile: a
 * peer repeating a bad frame thousands of times must not flood the log. Only the event name is logged,
 * never the fields (caller numbers are personal data).
 */
export function createSkippedFrames(log: LogFn, intervalMs = 10_000, now: () => number = Date.now) {
  let loggedAt = -Infinity;
  let skipped = 0;
  return (error: unknown, message: AmiMessage): void => {
    skipped++;
    if (now() - loggedAt < intervalMs) return;
    loggedAt = now();
    const what = field(message, 'event') || field(message, 'response') || '(neither Event nor Response)';
    log('warn', 'ami frame skipped: it could not be handled', { frame: what.slice(0, 64), error: String(error), skipped });
    skipped = 0;
  };
}
