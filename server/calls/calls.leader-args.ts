import { z } from 'zod';
import { pauseSchema } from '../agents/agent-pause';
import { userRef } from '../cluster/leader-operation';
import { id } from '../http/schemas';
import { queueParamSchema, queueSettingsSchema } from '../supervisor/live.schemas';
import { callIdSchema, originateSchema } from './calls.schemas';
import { transferSchema } from './transfer/transfer.schemas';

/**
 * The arguments of the calls module's leader operations, with the schemas their HTTP routes and socket events
 * use: the leader checks them again, whichever node they come from.
 */
export const callsLeaderArgs = {
  greet: z.object({ socketId: z.string().min(1).max(64), user: userRef }),
  pause: z.object({ agent: userRef, input: pauseSchema }),
  queue: z.object({ userId: id, loggedIn: z.boolean() }),
  phone: z.object({ userId: id, registered: z.boolean() }),
  originate: z.object({ user: userRef, input: originateSchema }),
  hangup: z.object({ user: userRef, callId: callIdSchema.shape.callId }),
  classified: z.object({ userId: id, callId: callIdSchema.shape.callId }),
  transfer: z.object({ user: userRef, callId: callIdSchema.shape.callId, input: transferSchema }),
  none: z.object({}),
  saveSettings: z.object({ queue: queueParamSchema.shape.queue, input: queueSettingsSchema, userId: id }),
};
