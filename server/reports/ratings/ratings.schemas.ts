import { z } from 'zod';

export const RATING_SORTS = ['onTimePercent', 'confirmedPercent', 'satisfaction', 'reworks', 'requests', 'overdue', 'name'] as const;
export type RatingSort = (typeof RATING_SORTS)[number];

/** A calendar day that exists (JavaScript would read 2026-02-31 as 3 March; PostgreSQL refuses it). */
const realDay = (s: string) => {
  const at = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === s && s >= '2000-01-01' && s <= '2100-12-31';
};
const day = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-03-01').refine(realDay, 'not a day between 2000 and 2100');

/** A period of Kyiv calendar days, both ends included (default: the last 30 days). */
export const ratingsQuerySchema = z
  .object({
    from: day.optional(),
    to: day.optional(),
    sort: z.enum(RATING_SORTS).default('onTimePercent'),
    order: z.enum(['asc', 'desc']).default('asc'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be after `to`', path: ['from'] });
export type RatingsQuery = z.output<typeof ratingsQuerySchema>;
