import { z } from 'zod';
import { DIAL_MODES } from '../../db/entities';
import { dateTime, id } from '../http/schemas';
import { citizenInputSchema } from '../requests/requests.schemas';

const text = (max: number) => z.string().trim().min(1, 'required').max(max, `at most ${max} characters`);
// The shared window (2000..2099): a year-9999 start once reached pg-boss after the row was stored.
const instant = dateTime;

export const idParamSchema = z.object({ id });
export const registrationsQuerySchema = z.object({ citizenId: id });
export const legParamSchema = z.object({ id, legId: id });
export const participantParamSchema = z.object({ id, participantId: id });

export const newConsultationSchema = z.object({
  officialId: id,
  topic: text(300),
  topicCode: z.string().trim().min(1).max(16).optional(),
  startsAt: instant,
  durationMinutes: z.number().int().min(5).max(480),
  capacity: z.number().int().min(1).max(200).default(20),
  dialMode: z.enum(DIAL_MODES).default('sequential'),
  autoStart: z.boolean().default(true),
  /** The official's address for the .ics invitation, mailed when SMTP is configured. */
  inviteEmail: z.email().max(254).optional(),
  /** A room of the `consult` context (8XXX); one is chosen when omitted. */
  room: z.string().trim().regex(/^8\d{3}$/, 'a room number 8000–8999').optional(),
});
export type NewConsultation = z.output<typeof newConsultationSchema>;

export const rescheduleSchema = z.object({
  startsAt: instant,
  durationMinutes: z.number().int().min(5).max(480).optional(),
});

export const cancelSchema = z.object({ reason: text(1000) });

export const newParticipantSchema = z
  .object({
    citizen: citizenInputSchema.optional(),
    citizenId: id.optional(),
    question: text(2000),
    topicCode: z.string().trim().min(1).max(16).optional(),
    /** The call during which the agent registered the citizen. */
    callId: z.string().trim().min(1).max(64).optional(),
  })
  .superRefine((p, ctx) => {
    if (!p.citizen && !p.citizenId) ctx.addIssue({ code: 'custom', path: ['citizen'], message: 'give citizen or citizenId' });
    if (p.citizen && p.citizenId) ctx.addIssue({ code: 'custom', path: ['citizenId'], message: 'give citizen or citizenId, not both' });
  });
export type NewParticipant = z.output<typeof newParticipantSchema>;

export const listQuerySchema = z.object({
  from: instant.optional(),
  to: instant.optional(),
  status: z.enum(['scheduled', 'running', 'ended', 'cancelled', 'missed']).optional(),
  topicCode: z.string().trim().max(16).optional(),
  officialId: id.optional(),
});
export type ListQuery = z.output<typeof listQuerySchema>;

export const muteSchema = z.object({ muted: z.boolean() });
export const adHocSchema = z.object({ number: z.string().trim().min(1, 'required').max(40) });

export const outcomeSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('answered') }),
  z.object({
    outcome: z.literal('request'),
    topicCode: z.string().trim().min(1).max(16),
    description: text(4000).optional(),
    needsStudy: z.boolean().default(true),
  }),
]);
export type OutcomeInput = z.output<typeof outcomeSchema>;
