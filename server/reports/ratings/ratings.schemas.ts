import { z } from 'zod';
import { day } from '../../http/schemas';

export const RATING_SORTS = ['onTimePercent', 'confirmedPercent', 'satisfaction', 'reworks', 'requests', 'overdue', 'name'] as const;
export type RatingSort = (typeof RATING_SORTS)[number];


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
