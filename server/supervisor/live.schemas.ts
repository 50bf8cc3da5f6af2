import { z } from 'zod';
import type { WallboardThresholds } from '../realtime/contract';

const count = z.number().int().min(0).max(10_000);
const seconds = z.number().int().min(0).max(86_400);
const percent = z.number().min(0).max(100);

export const thresholdsSchema = z
  .object({
    waitingAmber: count,
    waitingRed: count,
    longestWaitAmber: seconds,
    longestWaitRed: seconds,
    serviceLevelAmber: percent,
    serviceLevelRed: percent,
  })
  .strict()
  .refine((t) => t.waitingAmber <= t.waitingRed, { message: 'amber must not exceed red', path: ['waitingRed'] })
  .refine((t) => t.longestWaitAmber <= t.longestWaitRed, { message: 'amber must not exceed red', path: ['longestWaitRed'] })
  // Service level is bad when LOW: red starts below amber.
  .refine((t) => t.serviceLevelRed <= t.serviceLevelAmber, { message: 'red must not exceed amber', path: ['serviceLevelRed'] });

export const queueSettingsSchema = z
  .object({
    serviceLevelSeconds: z.number().int().min(1).max(3600),
    thresholds: thresholdsSchema,
    // absent: kept as it was (a client that only sets thresholds); null or empty: the PBX's name again
    displayName: z.string().trim().max(80, 'at most 80 characters').nullable().optional(),
  })
  .strict();
export type QueueSettingsInput = z.infer<typeof queueSettingsSchema>;

export const leanSchema = z.object({ lean: z.boolean() }).strict();

/** `supervisor:snapshot {}`: nothing to ask, so nothing else is taken. */
export const snapshotSchema = z.object({}).strict();

export const queueParamSchema = z.object({ queue: z.string().min(1).max(80).regex(/^[\w.-]+$/) });

export const DEFAULT_SERVICE_LEVEL_SECONDS = 20;

export const DEFAULT_THRESHOLDS: WallboardThresholds = {
  waitingAmber: 3,
  waitingRed: 6,
  longestWaitAmber: 30,
  longestWaitRed: 60,
  serviceLevelAmber: 80,
  serviceLevelRed: 60,
};
