import { z } from 'zod';
import { normaliseRequestNumber } from '../requests/request-number';

/** What the citizen types: the request's number (leading zeros optional) and the last four digits of their phone. */
export const credentials = z.object({
  number: z.string().trim().max(20).transform((s, ctx) => {
    const n = normaliseRequestNumber(s);
    if (!n) ctx.addIssue({ code: 'custom', message: 'a request number such as 2026-000042' });
    return n ?? '';
  }),
  phone4: z.string().trim().regex(/^\d{4}$/, 'the last four digits of the phone'),
});

export const lookupSchema = credentials.strict();

export const verdictSchema = z.discriminatedUnion('verdict', [
  credentials.extend({ verdict: z.literal('confirm'), satisfaction: z.coerce.number().int().min(1).max(5) }).strict(),
  credentials.extend({ verdict: z.literal('not_fixed'), comment: z.string().trim().min(1, 'say what is not fixed').max(1000) }).strict(),
]);

export const consentSchema = z.discriminatedUnion('channel', [
  credentials.extend({ channel: z.literal('email'), consented: z.stringbool().or(z.boolean()), email: z.email('an e-mail address').max(254).optional() }).strict(),
  credentials.extend({ channel: z.literal('sms'), consented: z.stringbool().or(z.boolean()) }).strict(),
  credentials.extend({ channel: z.literal('telegram'), consented: z.literal(false).or(z.literal('false').transform(() => false as const)) }).strict(),
]);
