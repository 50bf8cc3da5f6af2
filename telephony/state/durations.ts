/**
 * No call lasts a day: a talk, hold or ring time beyond this from the PBX (AMI's fields are 32-bit, so
 * 2,147,483,647 s passes as a number) is a bug or a forgery, and one such value would wreck every average.
 */
export const MAX_CALL_SECONDS = 86_400;

const DURATION_KEYS = ['holdSeconds', 'ringSeconds', 'talkSeconds'] as const;

/** A duration within 0 … MAX_CALL_SECONDS, or null when it had to be moved there. */
export function saneSeconds(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  const clamped = Math.min(MAX_CALL_SECONDS, Math.max(0, Math.round(value)));
  return clamped === value ? value : null;
}

export interface ClampedDuration {
  event: string;
  field: string;
  value: number;
  clampedTo: number;
}

/** The event with each duration it carries brought within a day; `onClamp` hears of each one that was not. */
export function clampDurations<E extends { name: string }>(event: E, onClamp: (c: ClampedDuration) => void): E {
  let copy: E | null = null;
  for (const key of DURATION_KEYS) {
    const value = (event as Record<string, unknown>)[key];
    if (typeof value !== 'number' || saneSeconds(value) !== null) continue;
    const clampedTo = Number.isFinite(value) ? Math.min(MAX_CALL_SECONDS, Math.max(0, Math.round(value))) : 0;
    copy ??= { ...event };
    (copy as Record<string, unknown>)[key] = clampedTo;
    onClamp({ event: event.name, field: key, value, clampedTo });
  }
  return copy ?? event;
}
