/** The contact center's day is Kyiv's, whatever zone the server runs in: counters roll over at its midnight. */
export const DAY_ZONE = 'Europe/Kyiv';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: DAY_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: DAY_ZONE, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
});

/** `YYYY-MM-DD` of the instant in Kyiv. */
export function kyivDay(at: Date): string {
  return dayFormat.format(at);
}

/** How far Kyiv's wall clock is ahead of UTC at that instant (2 or 3 hours). */
function offsetMs(at: Date): number {
  const parts = partsFormat.formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant of the next Kyiv midnight after `at` (DST changes happen at 3–4 am, never at midnight). */
export function nextKyivMidnight(at: Date): Date {
  const [y, m, d] = kyivDay(at).split('-').map(Number);
  const wallMidnight = Date.UTC(y, m - 1, d + 1);
  return new Date(wallMidnight - offsetMs(new Date(wallMidnight)));
}

/** The instants a Kyiv day `YYYY-MM-DD` starts and ends (23, 24 or 25 hours apart). */
export function kyivDayBounds(day: string): { start: Date; end: Date } {
  const [y, m, d] = day.split('-').map(Number);
  // Noon of the day before is safely "yesterday" in Kyiv; its next midnight starts the day.
  const start = nextKyivMidnight(new Date(Date.UTC(y, m - 1, d - 1, 12)));
  return { start, end: nextKyivMidnight(new Date(start.getTime() + 12 * 3600_000)) };
}
