const WALL = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Kyiv', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

/**
 * An instant as ISO 8601 on Kyiv's wall clock with Kyiv's offset: 2026-07-01T21:30:00Z → 2026-07-02T00:30:00+03:00.
 * People read the hour they know; any ISO parser still gets the same instant.
 */
export function kyivIso(at: Date): string {
  const p = Object.fromEntries(WALL.formatToParts(at).map((x) => [x.type, x.value]));
  const wall = `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
  const offsetMinutes = Math.round((Date.parse(`${wall}Z`) - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
