import { z } from 'zod';
import { CATEGORIES, KINDS, SOURCES, SUBJECTS } from '../../db/entities';
import { dateOrDateTime, dateTime, id, INT4_MAX } from '../http/schemas';
import { STATUSES } from './transitions';

export const RESULTS = ['resolved', 'refused', 'explained', 'forwarded', 'returned', 'stopped'] as const;
/** Sources that arrive with the sender's own registration number (UKC 1545, the governor's hotline). */
export const NUMBERED_SOURCES = ['ukc1545', 'regional_hotline'] as const;

const text = (max: number) => z.string().trim().min(1, 'required').max(max, `at most ${max} characters`);

export const citizenInputSchema = z.object({
  fullName: text(200),
  phone: z.string().trim().min(1, 'required').max(40),
  address: z.string().trim().max(300).optional(),
  district: z.string().trim().max(8).optional(),
  category: z.string().trim().max(64).optional(),
  socialStatus: z.string().trim().max(64).optional(),
  privileged: z.boolean().optional(),
  confidential: z.boolean().optional(),
});
export type CitizenInput = z.output<typeof citizenInputSchema>;

export const newRequestSchema = z
  .object({
    citizen: citizenInputSchema.optional(),
    citizenId: id.optional(),
    topicCode: z.string().trim().min(1, 'required').max(16),
    description: text(4000),
    address: z.string().trim().max(300).optional(),
    district: z.string().trim().max(8).optional(),
    source: z.enum(SOURCES),
    externalNumber: z.string().trim().min(1).max(64).optional(),
    kind: z.enum(KINDS).default('application'),
    subject: z.enum(SUBJECTS).default('individual'),
    signatories: z.number().int().positive().max(1_000_000).optional(),
    addressee: z.string().trim().max(24).optional(),
    // An agent may register a call as a formal appeal; absent, the category follows the source.
    category: z.enum(CATEGORIES).optional(),
    needsStudy: z.boolean().default(true),
    executorId: id.optional(),
    callId: z.string().trim().min(1).max(64).optional(),
    // A letter or a forwarded appeal may be registered after it arrived; the term runs from receipt.
    receivedAt: dateTime.refine((s) => Date.parse(s) <= Date.now() + 60_000, 'not in the future').optional(),
  })
  .superRefine((r, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if ((NUMBERED_SOURCES as readonly string[]).includes(r.source) && !r.externalNumber) {
      issue('externalNumber', `required for source ${r.source}`);
    }
    if (r.subject === 'collective' && (r.signatories ?? 0) < 2) issue('signatories', 'a collective appeal has at least 2 signatories');
    if (r.subject === 'anonymous' && (r.citizen || r.citizenId)) issue('citizen', 'an anonymous appeal has no applicant');
    if (r.subject !== 'anonymous' && !r.citizen && !r.citizenId) issue('citizen', 'give citizen or citizenId');
    if (r.citizen && r.citizenId) issue('citizenId', 'give citizen or citizenId, not both');
  });
export type NewRequest = z.output<typeof newRequestSchema>;

const reason = text(2000);

/** How the applicant was told of a new term (Art. 20): recorded only when someone says how and when. */
export const NOTICE_CHANNELS = ['phone', 'letter', 'email', 'sms', 'in_person'] as const;
export const applicantNoticeSchema = z.object({
  channel: z.enum(NOTICE_CHANNELS),
  at: dateTime.refine((s) => Date.parse(s) <= Date.now() + 60_000, 'not in the future'),
});
export type ApplicantNotice = z.output<typeof applicantNoticeSchema>;

export const transitionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assign'), executorId: id }),
  z.object({ action: z.literal('start') }),
  z.object({ action: z.literal('complete'), result: z.enum(RESULTS), answer: text(4000) }),
  z.object({ action: z.literal('confirm'), satisfaction: z.number().int().min(1).max(5) }),
  z.object({ action: z.literal('return'), reason }),
  z.object({ action: z.literal('extend'), days: z.number().int().min(1).max(45), reason, notice: applicantNoticeSchema.optional() }),
  z.object({ action: z.literal('approve_extension'), notice: applicantNoticeSchema.optional() }),
  z.object({ action: z.literal('reject_extension'), reason }),
  z.object({ action: z.literal('forward'), reason }),
  z.object({ action: z.literal('cancel'), reason }),
  // The console sends `comment`; the brief's spelling is `text`: either is accepted.
  z.object({ action: z.literal('comment'), text: text(4000).optional(), comment: text(4000).optional() })
    .refine((c) => c.text ?? c.comment, { message: 'required', path: ['text'] }),
]);
export const transitionBodySchema = z.intersection(transitionSchema, z.object({ version: z.number().int().positive().max(INT4_MAX).optional() }));
export type TransitionInput = z.output<typeof transitionSchema>;

export const callbackAttemptSchema = z.object({
  outcome: z.literal('unreachable'),
  note: z.string().trim().max(2000).optional(),
});

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const SORTS = ['received_desc', 'received_asc', 'due_asc', 'updated_desc', 'priority', 'callback'] as const;
export const listQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  phone: z.string().trim().max(40).optional(),
  status: z.string().trim().optional().transform((s) => (s ? s.split(',') : undefined)).pipe(z.array(z.enum(STATUSES)).optional()),
  topic: z.string().trim().max(16).optional(),
  // An executor's id or its code.
  executor: z.string().trim().max(32).refine((s) => !/^\d+$/.test(s) || id.safeParse(s).success, 'an id between 1 and 2147483647, or a code').optional(),
  source: z.enum(SOURCES).optional(),
  district: z.string().trim().max(8).optional(),
  overdue: flag.optional(),
  extensionPending: flag.optional(),
  from: dateOrDateTime.optional(),
  to: dateOrDateTime.optional(),
  sort: z.enum(SORTS).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type ListQuery = z.output<typeof listQuerySchema>;
