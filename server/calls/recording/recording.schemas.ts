import { z } from 'zod';

export const recordingActionSchema = z.object({ action: z.enum(['pause', 'resume']) }).strict();

/** `?download=1` (admins only): the file as an attachment instead of the player's stream. */
export const recordingQuerySchema = z.object({ download: z.enum(['0', '1', 'true', 'false']).optional() }).strict();
