import { reasonOfText, type Reason } from '../http/reasons';
import type { RowError } from './rows';

/**
 * An import's cell errors are English sentences (`not a date: 31.02.2021 10:00`) that integrators read; the
 * console words them by the same reason codes as a form's fields, with the offending value beside them.
 */
const IMPORT_SENTENCES: [RegExp, (m: RegExpExecArray) => Reason][] = [
  [/^not a date: (.*)$/s, (m) => ({ code: 'not_date', value: m[1] })],
  [/^not a phone number: (.*)$/s, (m) => ({ code: 'not_phone', value: m[1] })],
  [/^unknown (?:topic|addressee|flag|district|executor) (.*)$/s, (m) => ({ code: 'unknown_value', value: m[1] })],
  [/^not (?:one of our (?:sources|statuses)|individual, collective or anonymous|proposal, application or complaint|appeal or service|9\.1–9\.6)/, () => ({ code: 'not_one_of' })],
  [/^not a positive whole number$/, () => ({ code: 'not_whole_number' })],
  [/^not (\d+) to (\d+)$/, (m) => ({ code: 'not_between', min: Number(m[1]), max: Number(m[2]) })],
  [/^in the future$/, () => ({ code: 'in_future' })],
  [/^longer than (\d+) characters$/, (m) => ({ code: 'too_long', max: Number(m[1]) })],
];

export function rowReasonOf(why: string): Reason | null {
  for (const [pattern, reason] of IMPORT_SENTENCES) {
    const m = pattern.exec(why);
    if (m) return reason(m);
  }
  return reasonOfText(why);
}

/** The error with its reason, when the sentence is one of ours (else the console shows the sentence itself). */
export function withReason(e: RowError): RowError {
  const reason = rowReasonOf(e.why);
  return reason ? { ...e, reason } : e;
}
