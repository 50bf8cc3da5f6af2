/**
 * Ukrainian counts take one of three forms: 1, 21, 101 заявка (one); 2–4, 22–24 заявки (few); 0, 5–20, 25–30,
 * 11–14 заявок (many). A Ukrainian plural message therefore has three choices: `one | few | many`. A fraction
 * takes the genitive singular (2,5 заявки), which is the "few" form.
 */
export function ukrainianPlural(choice: number, choicesLength: number): number {
  const n = Math.abs(choice);
  if (choicesLength < 3) return n === 1 ? 0 : Math.min(1, choicesLength - 1);
  if (!Number.isInteger(n)) return 1;
  const tens = n % 100;
  const units = n % 10;
  if (units === 1 && tens !== 11) return 0;
  if (units >= 2 && units <= 4 && (tens < 12 || tens > 14)) return 1;
  return 2;
}
