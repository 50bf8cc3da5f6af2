import { z } from 'zod';
import { IMPORT_FORMATS } from './formats';

/** The fields of the upload form next to the file. */
export const importFormSchema = z.object({
  format: z.enum(IMPORT_FORMATS),
  addressee: z.string().trim().min(1).max(24).optional(),
  dryRun: z.enum(['true', 'false', '1', '0']).optional().transform((v) => v === 'true' || v === '1'),
});

export const importListSchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
