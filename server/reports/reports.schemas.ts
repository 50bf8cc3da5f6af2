import { z } from 'zod';

export const yearlyQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  addressee: z.string().trim().min(1).max(24).optional(),
});
