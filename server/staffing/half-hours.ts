/**
 * A forecast day's half hours are Kyiv's wall clock: midnight to midnight, so the last Sunday of March has 46 of
 * them (03:00–04:00 does not exist) and the last Sunday of October 50 (03:00–04:00 twice). Each is named by its
 * wall-clock start (`09:30`), which is what a weekday's history is averaged by.
 */
export const ZONE = 'Europe/Kyiv';
export const HALF_HOUR_MS = 30 * 60_000;

const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
});

function wall(at: Date): { y: number; m: number; d: number; hh: number; mm: number } {
  const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), hh: Number(p.hour), mm: Number(p.minute) };
}

/** Kyiv's offset from UTC at that instant, in ms (2 or 3 hours). */
function offsetMs(at: Date): number {
  const w = wall(at);
  return Date.UTC(w.y, w.m - 1, w.d, w.hh, w.mm) - Math.floor(at.getTime() / 60_000) * 60_000;
}

/** The instant of Kyiv's midnight starting `day` (`YYYY-MM-DD`); DST never switches at midnight there. */
export function kyivMidnight(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d);
  return new Date(guess - offsetMs(new Date(guess - 3 * 3_600_000)));
}

export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, of a calendar day. */
export function weekday(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** `YYYY-MM-DD` of the instant in Kyiv. */
export function kyivDayOf(at: Date): string {
  const w = wall(at);
  return `${w.y}-${String(w.m).padStart(2, '0')}-${String(w.d).padStart(2, '0')}`;
}

export interface HalfHour {
  start: Date;
  /** Wall-clock start in Kyiv, `HH:MM`. */
  label: string;
}

export function halfHoursOf(day: string): HalfHour[] {
  const start = kyivMidnight(day).getTime();
  const end = kyivMidnight(addDays(day, 1)).getTime();
  const slots: HalfHour[] = [];
  for (let t = start; t < end; t += HALF_HOUR_MS) {
    const w = wall(new Date(t));
    slots.push({ start: new Date(t), label: `${String(w.hh).padStart(2, '0')}:${String(w.mm).padStart(2, '0')}` });
  }
  return slots;
}
