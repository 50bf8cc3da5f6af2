import { z } from 'zod';
import { dateTime } from '../http/schemas';

/** GeoReport v2: an empty parameter means the same as an absent one. */
const optional = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const line = (max: number) => z.string().trim().max(max, `at most ${max} characters`);
const commaList = <T extends z.ZodType<string, string>>(item: T, max: number) =>
  z.string().max(4000).transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)).pipe(z.array(item).min(1).max(max, `at most ${max} values`));

export const MAX_SPAN_DAYS = 90;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export const commonQuerySchema = z.object({
  jurisdiction_id: optional(line(100)),
  api_key: optional(line(100)),
});

export const requestsQuerySchema = commonQuerySchema.extend({
  service_request_id: optional(commaList(line(32), 200)),
  service_code: optional(commaList(line(16), 100)),
  start_date: optional(dateTime),
  end_date: optional(dateTime),
  status: optional(commaList(z.enum(['open', 'closed']), 2)),
  page: optional(z.coerce.number().int().min(1).max(10_000)),
  page_size: optional(z.coerce.number().int().min(1).max(MAX_PAGE_SIZE)),
}).superRefine((q, ctx) => {
  if (q.start_date && q.end_date && Date.parse(q.end_date) < Date.parse(q.start_date)) {
    ctx.addIssue({ code: 'custom', path: ['end_date'], message: 'before start_date' });
  }
  if (q.start_date && q.end_date && Date.parse(q.end_date) - Date.parse(q.start_date) > MAX_SPAN_DAYS * 86_400_000) {
    ctx.addIssue({ code: 'custom', path: ['end_date'], message: `the range may span at most ${MAX_SPAN_DAYS} days` });
  }
});
export type RequestsQuery = z.output<typeof requestsQuerySchema>;

const degrees = (limit: number) => z.coerce.number().finite().min(-limit).max(limit);

/** The POST's own fields; `attribute[CODE]` fields are read apart (their names are the service's). */
export const postRequestSchema = commonQuerySchema.extend({
  service_code: z.string().trim().min(1, 'required').max(16),
  lat: optional(degrees(90)),
  long: optional(degrees(180)),
  address_string: optional(line(300)),
  address_id: optional(line(100)),
  email: optional(z.string().trim().max(254).pipe(z.email('not an e-mail address'))),
  device_id: optional(line(100)),
  account_id: optional(line(100)),
  first_name: optional(line(100)),
  last_name: optional(line(100)),
  phone: optional(line(40)),
  description: optional(line(4000)),
  media_url: optional(line(2000).pipe(z.url('not a URL'))),
}).superRefine((b, ctx) => {
  if ((b.lat === undefined) !== (b.long === undefined)) ctx.addIssue({ code: 'custom', path: [b.lat === undefined ? 'lat' : 'long'], message: 'give lat and long together' });
  if (b.lat === undefined && !b.address_string) {
    ctx.addIssue({ code: 'custom', path: ['address_string'], message: b.address_id ? 'address_id is not used by this city: give lat and long, or address_string' : 'a location is required: lat and long, or address_string' });
  }
});
export type PostRequest = z.output<typeof postRequestSchema>;

export const apiKeyInputSchema = z.object({
  name: z.string().trim().min(1, 'required').max(80, 'at most 80 characters'),
  ratePerMinute: z.number().int().min(1).max(100_000).optional(),
});
