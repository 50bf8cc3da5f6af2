import { z } from 'zod';
import { id } from '../../http/schemas';

export const spyModeSchema = z.enum(['listen', 'whisper', 'barge']);
export const startSpySchema = z.object({ agentUserId: id, mode: spyModeSchema }).strict();
export const switchSpySchema = z.object({ mode: spyModeSchema }).strict();
export const sessionIdSchema = z.object({ sessionId: z.string().uuid() });
export type SpyMode = z.output<typeof spyModeSchema>;
