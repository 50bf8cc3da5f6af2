import { z } from 'zod';
import { dateOrDateTime, dateTime, day } from '../http/schemas';

// Query strings are text: numbers are read strictly (no `1e3`, no blanks), then bounded.
const number = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, 'a number')
    .transform(Number)
    .pipe(z.number().min(min).max(max));

/** The largest load we size (erlangs): past it the search would hold the server for seconds, and no city needs it. */
export const MAX_ERLANGS = 2000;

export const erlangQuerySchema = z
  .object({
    callsPerHour: number(0, 20_000),
    ahtSeconds: number(1, 3600),
    targetPercent: number(1, 100),
    targetSeconds: number(0, 600),
    patienceSeconds: number(1, 3600).optional(),
    maxAbandonPercent: number(0, 100).optional(),
    maxOccupancyPercent: number(1, 100).optional(),
  })
  .strict()
  .refine((q) => (q.callsPerHour * q.ahtSeconds) / 3600 <= MAX_ERLANGS, { message: `at most ${MAX_ERLANGS} erlangs (calls an hour × handle seconds / 3600)`, path: ['callsPerHour'] });
export type ErlangQuery = z.infer<typeof erlangQuerySchema>;

const queue = z.string().trim().min(1).max(80).regex(/^[\w.@-]+$/, 'a queue name');

export const forecastQuerySchema = z
  .object({
    queue,
    from: day.optional(),
    days: z.string().regex(/^\d{1,2}$/, 'a whole number of days, 1–14').transform(Number).pipe(z.number().int().min(1).max(14)).optional(),
    shrinkagePercent: number(0, 90).optional(),
  })
  .strict();
export type ForecastQuery = z.infer<typeof forecastQuerySchema>;

const reason = z.string().trim().min(1).max(500);

export const exceptionDaySchema = z.object({ reason }).strict();
export const dayParamSchema = z.object({ day }).strict();

const halfHourStart = (slots: { start: string }[]) => slots.every((s) => new Date(s.start).getTime() % (30 * 60_000) === 0);

export const manualLoadSchema = z
  .object({
    queue,
    slots: z
      .array(z.object({ start: dateTime, offered: z.number().min(0).max(100_000) }).strict())
      .min(1)
      .max(14 * 50)
      .refine(halfHourStart, 'each start is a half hour (:00 or :30)'),
  })
  .strict();
export type ManualLoadInput = z.infer<typeof manualLoadSchema>;

export const rotaSchema = z
  .object({
    queue,
    slots: z
      .array(z.object({ start: dateTime, agents: z.number().int().min(0).max(10_000) }).strict())
      .min(1)
      .max(14 * 50)
      .refine((slots) => slots.every((s) => new Date(s.start).getTime() % (30 * 60_000) === 0), 'each start is a half hour (:00 or :30)'),
  })
  .strict();
export type RotaInput = z.infer<typeof rotaSchema>;

export const occupancyQuerySchema = z.object({ from: dateOrDateTime, to: dateOrDateTime, format: z.enum(['json', 'csv']).optional() }).strict();
