import { z } from 'zod';
import { day, id } from '../http/schemas';
import { listQuerySchema } from '../requests/requests.schemas';

export const formatSchema = z.object({ format: z.enum(['csv', 'xlsx']) });

/** The requests list's own filters; paging does not apply to an export. */
export const requestsExportSchema = listQuerySchema;

export const auditExportSchema = z.object({
  entity: z.string().max(32).optional(),
  entityId: z.string().max(64).optional(),
  userId: id.optional(),
});

export const callsExportSchema = z.object({ from: day.optional(), to: day.optional() });
