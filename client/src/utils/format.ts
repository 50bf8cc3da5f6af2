/** Display helpers; the locale is passed in so that they stay pure and testable. */

export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleString(locale === 'uk' ? 'uk-UA' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });
}

export function formatDate(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleDateString(locale === 'uk' ? 'uk-UA' : 'en-GB');
}

/** Reference data carries a Ukrainian `name` and often an English `nameEn`. */
export function localName(item: { name: string; nameEn?: string | null }, locale: string): string {
  return locale === 'en' && item.nameEn ? item.nameEn : item.name;
}

/** 75 → "1:15", 3700 → "1:01:40". */
export function formatDuration(totalSeconds: number | null | undefined): string {
  if (totalSeconds === null || totalSeconds === undefined || totalSeconds < 0) return '—';
  const s = Math.floor(totalSeconds);
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** A caller number as the agent reads it; withheld numbers come as null, '<unknown>' or 'anonymous'. */
export function isWithheld(number: string | null | undefined): boolean {
  if (!number) return true;
  const n = number.trim().toLowerCase();
  return n === '' || n === '<unknown>' || n === 'anonymous' || n === 'unknown';
}
