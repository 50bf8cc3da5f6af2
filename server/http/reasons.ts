import type { z } from 'zod';

/**
 * Why a field was refused, as a code and its figures (`{ code: 'too_long', max: 300 }`): the console words it
 * in the user's language (`validation.<code>` in client/src/i18n), the English `fields` text stays for
 * integrators. Every code here has a message in both languages (test/validation-reasons.property.test.ts).
 */
export type Reason = { code: ReasonCode } & Record<string, string | number>;

export const REASON_CODES = [
  'invalid', 'required', 'wrong_type', 'too_short', 'too_long', 'too_small', 'too_large', 'too_few', 'too_many',
  'not_date', 'not_email', 'not_id', 'bad_format', 'not_one_of', 'unknown_field', 'in_future', 'after_end',
  'control_character', 'broken_text', 'citizen_or_id', 'amber_over_red', 'red_over_amber', 'nothing_to_change',
  'username_format', 'anonymous_applicant', 'room_number', 'too_few_signatories', 'not_phone', 'date_out_of_range',
  'unknown_value', 'not_whole_number', 'not_between', 'building_range', 'street_name', 'ends_before_start',
  'request_number',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** The server's own English sentences for a field, each with its code and the names of the figures it holds. */
const SENTENCES: [RegExp, ReasonCode, string[]?][] = [
  [/^required$/, 'required'],
  [/^at most (\d+) characters$/, 'too_long', ['max']],
  [/^at least (\d+) characters$/, 'too_short', ['min']],
  [/^a date between (\d{4})-\d\d-\d\d and (\d{4})-\d\d-\d\d$/, 'date_out_of_range', ['from', 'to']],
  [/^not a date\b/, 'not_date'],
  [/^a date such as /, 'not_date'],
  [/^not in the future$/, 'in_future'],
  [/^must not be after /, 'after_end'],
  [/^give citizen or citizenId/, 'citizen_or_id'],
  [/^an id\b/, 'not_id'],
  [/^amber must not exceed red$/, 'amber_over_red'],
  [/^red must not exceed amber$/, 'red_over_amber'],
  [/^nothing to change$/, 'nothing_to_change'],
  [/^letters, digits, dot, dash or underscore/, 'username_format'],
  [/^an anonymous appeal has no applicant$/, 'anonymous_applicant'],
  [/^a room number /, 'room_number'],
  [/^a collective appeal has at least (\d+) signatories$/, 'too_few_signatories', ['min']],
  [/(^|a name that )contains a control character$/, 'control_character'],
  [/(^|a name that )is not well-formed Unicode$/, 'broken_text'],
  [/^not a phone number\b/i, 'not_phone'],
  [/^not a building range\b/, 'building_range'],
  [/^not a street name$/, 'street_name'],
  [/^must be after startsAt$/, 'ends_before_start'],
  [/^a request number such as /, 'request_number'],
];

/** The code of one of our sentences, or null when it is not one of them. */
export function reasonOfText(why: string): Reason | null {
  for (const [pattern, code, figures = []] of SENTENCES) {
    const m = pattern.exec(why);
    if (m) return { code, ...Object.fromEntries(figures.map((name, i) => [name, Number(m[i + 1])])) };
  }
  return null;
}

const figure = (n: unknown): number => (typeof n === 'bigint' ? Number(n) : typeof n === 'number' ? n : Number(String(n)));

/** What zod found, as a reason: our own sentence first (it says more), else zod's issue code and figures. */
export function reasonOfIssue(issue: z.core.$ZodIssue): Reason {
  const ours = reasonOfText(issue.message);
  if (ours) return ours;
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined$/.test(issue.message) ? { code: 'required' } : { code: 'wrong_type' };
    case 'too_small':
      if (issue.origin === 'string') return figure(issue.minimum) <= 1 ? { code: 'required' } : { code: 'too_short', min: figure(issue.minimum) };
      if (issue.origin === 'array' || issue.origin === 'set') return { code: 'too_few', min: figure(issue.minimum) };
      return { code: 'too_small', min: figure(issue.minimum) };
    case 'too_big':
      if (issue.origin === 'string') return { code: 'too_long', max: figure(issue.maximum) };
      if (issue.origin === 'array' || issue.origin === 'set') return { code: 'too_many', max: figure(issue.maximum) };
      return { code: 'too_large', max: figure(issue.maximum) };
    case 'invalid_format':
      if (issue.format === 'email') return { code: 'not_email' };
      if (issue.format === 'datetime' || issue.format === 'date') return { code: 'not_date' };
      return { code: 'bad_format' };
    case 'invalid_value':
      return { code: 'not_one_of' };
    case 'unrecognized_keys':
      return { code: 'unknown_field' };
    default:
      return { code: 'invalid' };
  }
}

/** Reasons for fields given as our English sentences (a service's own refusals). */
export function reasonsOfFields(fields: Record<string, string>): Record<string, Reason> {
  return Object.fromEntries(Object.entries(fields).map(([path, why]) => [path, reasonOfText(why) ?? { code: 'invalid' }]));
}
