import { addDays } from './half-hours';

/**
 * Ukraine's public holidays (Labour Code, art. 73), left out of the averages: a hotline rings differently on them.
 * Under martial law they are working days, but citizens still call as on a holiday, so they stay out.
 */
const FIXED = ['01-01', '03-08', '05-01', '05-08', '06-28', '07-15', '08-24', '10-01', '12-25'];

/** Orthodox Easter (Meeus's Julian computus, +13 days to the Gregorian calendar for 1900–2099). */
export function orthodoxEaster(year: number): string {
  const a = year % 4;
  const b = year % 7;
  const c = year % 19;
  const d = (19 * c + 15) % 30;
  const e = (2 * a + 4 * b - d + 34) % 7;
  const month = Math.floor((d + e + 114) / 31);
  const day = ((d + e + 114) % 31) + 1;
  const julian = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return addDays(julian, 13);
}

export function isPublicHoliday(day: string): boolean {
  const year = Number(day.slice(0, 4));
  const easter = orthodoxEaster(year);
  return FIXED.includes(day.slice(5)) || day === easter || day === addDays(easter, 49);
}
