import { z } from 'zod';
import { IMPORT_FORMATS } from './formats';

const text = z.string().trim().min(1).max(500);
const format = z.enum(IMPORT_FORMATS);

export const topicMapQuerySchema = z.object({ format });

/** Lines added or replaced; at most a file's worth of distinct texts at a time. */
export const topicMapPutSchema = z.object({
  format,
  lines: z.array(z.object({ text, topicCode: z.string().trim().min(1).max(16) })).min(1).max(500),
});

export const topicSuggestionsSchema = z.object({ texts: z.array(text).min(1).max(100) });
