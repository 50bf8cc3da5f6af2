import { z } from 'zod';
import type { Logger } from 'pino';
import type { Telephony } from '../../telephony';
import { conflict, unavailable } from '../http/errors';
import { fromPbxError } from '../http/pbx-errors';
import { parse } from '../http/validate';
import { WRAP_UP_REASON } from './agent-snapshot';

export const PAUSE_REASONS = ['break', 'lunch', 'training', 'after_call_work'] as const;

export const pauseSchema = z
  .object({ paused: z.boolean(), reason: z.enum(PAUSE_REASONS).optional() })
  .refine((p) => !p.paused || p.reason !== undefined, { message: 'a reason is required to pause', path: ['reason'] });
export type PauseInput = z.infer<typeof pauseSchema>;

export interface PauseDeps {
  telephony?: Telephony;
  log: Logger;
  /** Whether the agent still owes a wrap-up: then "resume" keeps the PBX hold until the call is classified. */
  inWrapUp(userId: number): boolean;
  holdDuringWrapUp: boolean;
}

/**
 * Pauses or resumes an agent's queue member through QueuePause (all queues). The snapshot the agent sees
 * follows from the PBX's own QueueMemberPause event, whoever changed it.
 */
export async function setAgentPause(deps: PauseDeps, agent: { id: number; interface: string | null }, input: PauseInput): Promise<void> {
  if (!agent.interface) throw conflict('no_interface', 'This user has no phone (interface) in the queues.');
  if (!deps.telephony || deps.telephony.status().state !== 'connected') throw unavailable('telephony_unavailable', 'The phone system is not reachable right now.');
  const stayHeld = !input.paused && deps.holdDuringWrapUp && deps.inWrapUp(agent.id);
  try {
    if (stayHeld) await deps.telephony.pause(agent.interface, true, WRAP_UP_REASON);
    else await deps.telephony.pause(agent.interface, input.paused, input.paused ? input.reason : undefined);
  } catch (error) {
    throw fromPbxError(error) ?? unavailable('telephony_unavailable', 'The phone system is not reachable right now.');
  }
}

export const parsePause = (input: unknown): PauseInput => parse(pauseSchema, input);
