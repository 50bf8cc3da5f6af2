const offsetFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Kyiv', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
});
/** Offsets repeat for whole hours, so a file of 100,000 rows asks Intl a few thousand times, not 200,000. */
const offsetCache = new Map<number, number>();

/** Last Sunday of a month, 01:00 UTC: when the EU (and Ukraine, since 1997) switches summer time. */
function switchAt(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0, 1));
  return last.getTime() - last.getUTCDay() * 86_400_000;
}

/** Kyiv's offset from UTC (ms) at the instant `utcMs`: the EU rule where it holds, Intl's zone data otherwise. */
function kyivOffset(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  if (year >= 2012 && year <= 2100) return (utcMs >= switchAt(year, 2) && utcMs < switchAt(year, 9) ? 3 : 2) * 3_600_000;
  const hour = Math.floor(utcMs / 3_600_000);
  const cached = offsetCache.get(hour);
  if (cached !== undefined) return cached;
  const p = Object.fromEntries(offsetFormat.formatToParts(new Date(hour * 3_600_000)).map((x) => [x.type, x.value]));
  const local = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  const offset = local - hour * 3_600_000;
  if (offsetCache.size > 100_000) offsetCache.clear();
  offsetCache.set(hour, offset);
  return offset;
}

/** A wall-clock time in Kyiv as an instant (files state local time; we store UTC). */
export function fromKyivWallClock(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): Date | null {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  // Two passes settle the offset across a DST switch.
  const first = wall - kyivOffset(wall);
  return new Date(wall - kyivOffset(first));
}

const DMY = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const ISO_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * `dd.MM.yyyy[ HH:mm[:ss]]` or ISO 8601 as Kyiv time, or an ISO time with an offset as given; null when it
 * is not a date (31.02.2021, 2021-13-01, text).
 */
export function parseKyivDateTime(text: string): Date | null {
  const t = text.trim();
  let m = DMY.exec(t);
  if (m) return fromKyivWallClock(+m[3], +m[2], +m[1], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  if (ISO_OFFSET.test(t)) {
    const at = new Date(t);
    return Number.isNaN(at.getTime()) ? null : at;
  }
  m = ISO_LOCAL.exec(t);
  if (m) return fromKyivWallClock(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  return null;
}

/** An Excel serial day number (XLSX cells without a date type) read as Kyiv wall-clock time. */
export function fromExcelSerial(serial: number): Date | null {
  if (!Number.isFinite(serial) || serial < 1) return null;
  const ms = Math.round((serial - 25569) * 86_400_000);
  const d = new Date(ms);
  return fromKyivWallClock(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
}
