import { z } from 'zod';

export const executorIdSchema = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });
export const emailSchema = z.object({ email: z.string().trim().toLowerCase().max(254).pipe(z.email()).nullable() });
