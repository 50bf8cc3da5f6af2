import { z } from 'zod';
import { dateTime, id } from '../http/schemas';

export const NOTICE_KINDS = ['news', 'legislation', 'problem', 'script'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

const text = (max: number) => z.string().trim().min(1, 'required').max(max, `at most ${max} characters`);
const codes = (max: number) => z.array(z.string().trim().min(1, 'required').max(max, `at most ${max} characters`)).max(50).default([]);

export const newNoticeSchema = z
  .object({
    title: text(200),
    body: text(4000),
    kind: z.enum(NOTICE_KINDS).default('news'),
    validFrom: dateTime.optional(),
    validUntil: dateTime,
    topicCodes: codes(16),
    districtCodes: codes(8),
  })
  .strict()
  // A notice that ends before it starts would never be seen: say so instead of storing it.
  .refine((n) => !n.validFrom || Date.parse(n.validFrom) < Date.parse(n.validUntil), {
    message: 'must not be after validUntil', path: ['validFrom'],
  })
  .refine((n) => n.validFrom !== undefined || Date.parse(n.validUntil) > Date.now(), {
    message: 'not in the future', path: ['validUntil'],
  });
export type NewNotice = z.output<typeof newNoticeSchema>;

export const listQuerySchema = z.object({ active: z.enum(['true', 'false']).optional() }).strict();
export const noticeParams = z.object({ id });
