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

const intlLocale = (locale: string) => (locale === 'uk' ? 'uk-UA' : 'en-GB');

/** 3731.5 → "3 731,5" in Ukrainian (a space between thousands, a decimal comma), "3,731.5" in English. */
export function formatNumber(value: number | null | undefined, locale: string, fractionDigits?: number): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const digits = fractionDigits === undefined ? {} : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits };
  return value.toLocaleString(intlLocale(locale), digits);
}

/** 87.25 → "87,3 %": the sign kept on the number's line (a no-break space), as Ukrainian typography writes it. */
export function formatPercent(value: number | null | undefined, locale: string, fractionDigits = 1): string {
  const number = formatNumber(value, locale, fractionDigits);
  return number === '—' ? number : `${number}\u00a0%`;
}

type Plural = (key: string, named: Record<string, unknown>, plural: number) => string;

/** "3 731 заявку": a count with its word in the form the number asks for (i18n/plural.ts), `counts.<what>`. */
export function counted(t: Plural, what: string, n: number, locale: string): string {
  return t(`counts.${what}`, { n: formatNumber(n, locale) }, n);
}
