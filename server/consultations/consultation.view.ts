import type { AuthUser } from '../auth/auth.types';
import type { ConsultationRow, LegRow, ParticipantRow } from './consultations.repository';

const STAFF = new Set(['supervisor', 'admin']);

/** A number an official may see on the panel: enough to tell two callers apart, not to call them. */
export const maskNumber = (n: string) => (n.length > 7 ? `${n.slice(0, 6)}***${n.slice(-3)}` : '***');

/** What every role that may see a consultation sees; the PIN and the room only to staff and its official. */
export function toConsultationSummary(c: ConsultationRow, viewer: AuthUser) {
  const insider = STAFF.has(viewer.role) || viewer.id === c.officialId;
  return {
    id: c.id,
    official: { id: c.officialId, fullName: c.officialName },
    topic: c.topic,
    topicCode: c.topicCode,
    topicName: c.topicName,
    startsAt: c.startsAt.toISOString(),
    endsAt: new Date(c.startsAt.getTime() + c.durationMinutes * 60_000).toISOString(),
    durationMinutes: c.durationMinutes,
    capacity: c.capacity,
    registered: c.registered,
    status: c.status,
    dialMode: c.dialMode,
    autoStart: c.autoStart,
    ...(insider ? { room: c.room, pin: c.pin, alert: c.alert, startedAt: c.startedAt?.toISOString() ?? null, endedAt: c.endedAt?.toISOString() ?? null } : {}),
    ...(c.cancelReason ? { cancelReason: c.cancelReason } : {}),
  };
}

export function toParticipantView(p: ParticipantRow, viewer: AuthUser) {
  const staff = viewer.role !== 'official';
  return {
    id: p.id,
    citizenId: staff ? p.citizenId : undefined,
    // A confidential citizen's name is kept from the official; staff see it to call them back.
    fullName: staff || !p.confidential ? p.fullName : null,
    phone: staff ? p.phone : maskNumber(p.phone),
    question: p.question,
    topic: p.topicCode ? { code: p.topicCode, name: p.topicName } : null,
    position: p.position,
    registeredAt: p.registeredAt.toISOString(),
    outcome: p.outcome,
    request: p.requestId ? { id: p.requestId, number: p.requestNumber } : null,
  };
}

export function toLegView(l: LegRow, viewer: AuthUser) {
  return {
    id: l.id,
    who: l.who,
    number: viewer.role === 'official' && l.who !== 'official' ? maskNumber(l.number) : l.number,
    state: l.state,
    direction: l.direction,
    participantId: l.participantId,
    attempts: l.attempts,
    lastOutcome: l.lastOutcome,
    dialedAt: l.dialedAt.toISOString(),
    joinedAt: l.joinedAt?.toISOString() ?? null,
    leftAt: l.leftAt?.toISOString() ?? null,
    retryAt: l.retryAt?.toISOString() ?? null,
  };
}

/** One consultation with its registrations and legs (API.md: `legs: [{ who, number, state }]`). */
export function toConsultationView(c: ConsultationRow, participants: ParticipantRow[], legs: LegRow[], viewer: AuthUser) {
  return {
    ...toConsultationSummary(c, viewer),
    participants: participants.map((p) => toParticipantView(p, viewer)),
    legs: legs.map((l) => toLegView(l, viewer)),
  };
}
export type ConsultationView = ReturnType<typeof toConsultationView>;
