import { z } from 'zod';
import { listQuerySchema } from '../requests/requests.schemas';

export const formatSchema = z.object({ format: z.enum(['csv', 'xlsx']) });

/** The requests list's own filters; paging does not apply to an export. */
export const requestsExportSchema = listQuerySchema;

export const auditExportSchema = z.object({
  entity: z.string().max(32).optional(),
  entityId: z.string().max(64).optional(),
  userId: z.coerce.number().int().positive().optional(),
});

const day = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-03-01').refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');
export const callsExportSchema = z.object({ from: day.optional(), to: day.optional() });
