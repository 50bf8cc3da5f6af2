import { z } from 'zod';
import { id } from '../../http/schemas';

/** A queue's name as app_queue knows it: what the transfer dialplan puts in Queue(). */
const queueName = z.string().trim().min(1, 'required').max(64).regex(/^[A-Za-z0-9_.-]+$/, 'not a queue name');

export const transferTargetSchema = z.union([
  z.object({ queue: queueName }).strict(),
  z.object({ userId: id }).strict(),
  z.object({ number: z.string().trim().min(1, 'required').max(40) }).strict(),
]);

export const transferSchema = z.object({
  to: transferTargetSchema,
  mode: z.enum(['blind', 'attended']).default('blind'),
}).strict();

export type TransferInput = z.output<typeof transferSchema>;
export type TransferTo = z.output<typeof transferTargetSchema>;
