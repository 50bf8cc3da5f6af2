import { z } from 'zod';
import { ABANDONED_OUTCOMES } from '../../../db/entities';

export const outcomeSchema = z.object({
  number: z.string().trim().min(1).max(40),
  outcome: z.enum(ABANDONED_OUTCOMES),
  /** The callback this outcome is about (the click-to-call's id), when there was one. */
  callId: z.string().trim().min(1).max(64).optional(),
});
