import { normalisePhone } from '../phones';

/**
 * 1545 writes several numbers in one cell, comma-separated, in any of 0671234567 / 380671234567 /
 * 80671234567 / 671234567. Each is brought to ten digits the way the senders mean them (a leading 38, 3 or
 * 8 dropped; a missing 0 added), then to E.164 by the same rule as everywhere else.
 */
export function parsePhoneList(text: string): { phones: string[]; bad: string[] } {
  const phones: string[] = [];
  const bad: string[] = [];
  for (const part of text.split(/[,;]/)) {
    const raw = part.trim();
    if (!raw) continue;
    const ten = tenDigits(raw);
    // The common case, 0 and nine digits, is what normalisePhone would answer; the library is for the rest.
    const phone = /^0\d{9}$/.test(ten) ? `+38${ten}` : normalisePhone(ten);
    if (phone) {
      if (!phones.includes(phone)) phones.push(phone);
    } else bad.push(raw);
  }
  return { phones, bad };
}

function tenDigits(raw: string): string {
  if (raw.startsWith('+')) return raw;
  let d = raw.replace(/\D/g, '');
  if (d.length > 10) d = d.startsWith('38') ? d.slice(2) : d.slice(1);
  if (d.length === 9 && !d.startsWith('0')) d = `0${d}`;
  return d.length === 10 ? d : raw;
}
