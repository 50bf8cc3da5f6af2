import { z } from 'zod';
import { id } from '../http/schemas';

export const wrapUpSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('request'), requestId: id }),
  z.object({ kind: z.literal('attached'), requestId: id }),
  z.object({ kind: z.literal('consultation'), topicCode: z.string().trim().min(1, 'required').max(16) }),
]);

export const callIdSchema = z.object({ callId: z.string().trim().min(1).max(64) });

export const originateSchema = z.object({
  number: z.string().trim().min(1, 'required').max(40),
  requestId: id.optional(),
});

export const citizenIdSchema = z.object({ id });

/** A route that takes no parameters says so when given some, rather than ignoring a misspelt one. */
export const noQuerySchema = z.object({}).strict();
