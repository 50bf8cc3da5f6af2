import type { ConsultationStatus, DialMode, LegState } from '../../db/entities';
import type { Sql } from '../citizens/citizens.repository';

export interface ConsultationRow {
  id: number;
  officialId: number;
  officialName: string;
  officialPhone: string | null;
  officialInterface: string | null;
  topic: string;
  topicCode: string | null;
  topicName: string | null;
  startsAt: Date;
  durationMinutes: number;
  capacity: number;
  room: string;
  pin: string;
  dialMode: DialMode;
  autoStart: boolean;
  status: ConsultationStatus;
  alert: string | null;
  inviteEmail: string | null;
  cancelReason: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
  createdBy: number;
  registered: number;
}

export interface ParticipantRow {
  id: number;
  consultationId: number;
  citizenId: number;
  fullName: string | null;
  confidential: boolean;
  phone: string;
  question: string;
  topicCode: string | null;
  topicName: string | null;
  position: number;
  callId: string | null;
  registeredAt: Date;
  outcome: 'answered' | 'request' | null;
  requestId: number | null;
  requestNumber: string | null;
}

export interface CitizenRegistrationRow {
  id: number;
  consultationId: number;
  startsAt: Date;
  topic: string;
  status: string;
  officialName: string;
  question: string;
  outcome: 'answered' | 'request' | null;
  requestId: number | null;
  requestNumber: string | null;
  registeredAt: Date;
}

export interface LegRow {
  id: number;
  consultationId: number;
  participantId: number | null;
  who: 'official' | 'citizen' | 'guest';
  number: string;
  direction: 'out' | 'in';
  channelId: string;
  channel: string | null;
  state: LegState;
  attempts: number;
  lastOutcome: string | null;
  dialedAt: Date;
  joinedAt: Date | null;
  leftAt: Date | null;
  /** A failed attempt will be dialled again then; null when no retry is pending. */
  retryAt: Date | null;
}

const COLUMNS = `c.id, c.official_id AS "officialId", u.full_name AS "officialName", u.phone AS "officialPhone",
  u.interface AS "officialInterface", c.topic, c.topic_code AS "topicCode", t.name_uk AS "topicName", c.starts_at AS "startsAt",
  c.duration_minutes AS "durationMinutes", c.capacity, c.room, c.pin, c.dial_mode AS "dialMode", c.auto_start AS "autoStart",
  c.status, c.alert, c.invite_email AS "inviteEmail", c.cancel_reason AS "cancelReason", c.started_at AS "startedAt", c.ended_at AS "endedAt",
  c.created_by AS "createdBy",
  (SELECT count(*)::int FROM consultation_participants p WHERE p.consultation_id = c.id) AS registered`;
const FROM = 'FROM consultations c JOIN users u ON u.id = c.official_id LEFT JOIN topics t ON t.code = c.topic_code';

const PARTICIPANT_COLUMNS = `p.id, p.consultation_id AS "consultationId", p.citizen_id AS "citizenId", z.full_name AS "fullName",
  z.confidential, p.phone, p.question, p.topic_code AS "topicCode", t.name_uk AS "topicName", p.position, p.call_id AS "callId",
  p.registered_at AS "registeredAt", p.outcome, p.request_id AS "requestId", r.number AS "requestNumber"`;
const PARTICIPANT_FROM = `FROM consultation_participants p JOIN citizens z ON z.id = p.citizen_id
  LEFT JOIN topics t ON t.code = p.topic_code LEFT JOIN requests r ON r.id = p.request_id`;

const LEG_COLUMNS = `l.id, l.consultation_id AS "consultationId", l.participant_id AS "participantId", l.who, l.number, l.direction,
  l.channel_id AS "channelId", l.channel, l.state, l.attempts, l.last_outcome AS "lastOutcome", l.dialed_at AS "dialedAt",
  l.joined_at AS "joinedAt", l.left_at AS "leftAt", l.retry_at AS "retryAt"`;

/** Statuses that hold the official and the room for their time. */
const HOLDING = `c.status IN ('scheduled', 'running')`;

export function createConsultationsRepository() {
  return {
    async byId(sql: Sql, id: number): Promise<ConsultationRow | null> {
      const [row] = await sql.query(`SELECT ${COLUMNS} ${FROM} WHERE c.id = $1`, [id]);
      return row ?? null;
    },

    async lock(sql: Sql, id: number): Promise<ConsultationRow | null> {
      await sql.query('SELECT id FROM consultations WHERE id = $1 FOR UPDATE', [id]);
      return this.byId(sql, id);
    },

    async list(sql: Sql, f: { from?: string; to?: string; status?: string; topicCode?: string; officialId?: number; ids?: number[] }): Promise<ConsultationRow[]> {
      return sql.query(
        `SELECT ${COLUMNS} ${FROM}
          WHERE ($1::timestamptz IS NULL OR c.starts_at + make_interval(mins => c.duration_minutes) > $1)
            AND ($2::timestamptz IS NULL OR c.starts_at < $2)
            AND ($3::text IS NULL OR c.status = $3) AND ($4::text IS NULL OR c.topic_code = $4)
            AND ($5::int IS NULL OR c.official_id = $5)
          ORDER BY c.starts_at LIMIT 500`,
        [f.from ?? null, f.to ?? null, f.status ?? null, f.topicCode ?? null, f.officialId ?? null],
      );
    },

    /** Who or what is already taken in [start, end): the official, or the room. */
    async clashes(sql: Sql, o: { officialId: number; room: string | null; start: Date; end: Date; exceptId?: number }) {
      return sql.query(
        `SELECT c.id, c.official_id = $1 AS official, c.room = $2 AS room FROM consultations c
          WHERE ${HOLDING} AND c.id <> coalesce($5, 0) AND (c.official_id = $1 OR c.room = $2)
            AND c.starts_at < $4 AND c.starts_at + make_interval(mins => c.duration_minutes) > $3`,
        [o.officialId, o.room, o.start, o.end, o.exceptId ?? null],
      ) as Promise<Array<{ id: number; official: boolean; room: boolean }>>;
    },

    /** Rooms taken in [start, end), and rooms of consultations running now (one may overrun its time). */
    async roomsInUse(sql: Sql, start: Date, end: Date): Promise<Set<string>> {
      const rows: Array<{ room: string }> = await sql.query(
        `SELECT DISTINCT c.room FROM consultations c
          WHERE (${HOLDING} AND c.starts_at < $2 AND c.starts_at + make_interval(mins => c.duration_minutes) > $1)
             OR c.status = 'running'`,
        [start, end],
      );
      return new Set(rows.map((r) => r.room));
    },

    async insert(sql: Sql, c: { officialId: number; topic: string; topicCode: string | null; startsAt: Date; durationMinutes: number; capacity: number; room: string; pin: string; dialMode: DialMode; autoStart: boolean; inviteEmail: string | null; createdBy: number }): Promise<number> {
      const [row] = await sql.query(
        `INSERT INTO consultations (official_id, topic, topic_code, starts_at, duration_minutes, capacity, room, pin, dial_mode, auto_start, invite_email, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [c.officialId, c.topic, c.topicCode, c.startsAt, c.durationMinutes, c.capacity, c.room, c.pin, c.dialMode, c.autoStart, c.inviteEmail, c.createdBy],
      );
      return row.id;
    },

    async update(sql: Sql, id: number, set: Record<string, unknown>): Promise<void> {
      const keys = Object.keys(set);
      const assignments = keys.map((k, i) => `${k} = $${i + 2}`).join(', ');
      await sql.query(`UPDATE consultations SET ${assignments}, updated_at = now() WHERE id = $1`, [id, ...keys.map((k) => set[k])]);
    },

    async participants(sql: Sql, consultationId: number): Promise<ParticipantRow[]> {
      return sql.query(`SELECT ${PARTICIPANT_COLUMNS} ${PARTICIPANT_FROM} WHERE p.consultation_id = $1 ORDER BY p.position`, [consultationId]);
    },

    /** A citizen's registrations, newest consultation first: the citizen's page. */
    async registrationsOf(sql: Sql, citizenId: number): Promise<CitizenRegistrationRow[]> {
      return sql.query(
        `SELECT p.id, p.consultation_id AS "consultationId", c.starts_at AS "startsAt", c.topic, c.status, u.full_name AS "officialName",
                p.question, p.outcome, p.request_id AS "requestId", r.number AS "requestNumber", p.registered_at AS "registeredAt"
           FROM consultation_participants p JOIN consultations c ON c.id = p.consultation_id JOIN users u ON u.id = c.official_id
           LEFT JOIN requests r ON r.id = p.request_id
          WHERE p.citizen_id = $1 ORDER BY c.starts_at DESC LIMIT 200`,
        [citizenId],
      );
    },

    async participant(sql: Sql, consultationId: number, id: number): Promise<ParticipantRow | null> {
      const [row] = await sql.query(`SELECT ${PARTICIPANT_COLUMNS} ${PARTICIPANT_FROM} WHERE p.consultation_id = $1 AND p.id = $2`, [consultationId, id]);
      return row ?? null;
    },

    async insertParticipant(sql: Sql, p: { consultationId: number; citizenId: number; phone: string; question: string; topicCode: string | null; callId: string | null; registeredBy: number }): Promise<number> {
      const [row] = await sql.query(
        `INSERT INTO consultation_participants (consultation_id, citizen_id, phone, question, topic_code, call_id, registered_by, position)
         VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT coalesce(max(position), 0) + 1 FROM consultation_participants WHERE consultation_id = $1))
         ON CONFLICT (consultation_id, citizen_id) DO NOTHING RETURNING id`,
        [p.consultationId, p.citizenId, p.phone, p.question, p.topicCode, p.callId, p.registeredBy],
      );
      return row?.id ?? 0;
    },

    async setOutcome(sql: Sql, id: number, outcome: 'answered' | 'request', requestId: number | null): Promise<void> {
      await sql.query('UPDATE consultation_participants SET outcome = $2, request_id = $3, outcome_at = now() WHERE id = $1', [id, outcome, requestId]);
    },

    async legs(sql: Sql, consultationId: number): Promise<LegRow[]> {
      return sql.query(`SELECT ${LEG_COLUMNS} FROM consultation_legs l WHERE l.consultation_id = $1 ORDER BY l.id`, [consultationId]);
    },

    async insertLeg(sql: Sql, l: { consultationId: number; participantId: number | null; who: LegRow['who']; number: string; direction: 'out' | 'in'; channelId: string; channel?: string; state: LegState }): Promise<number> {
      const [row] = await sql.query(
        `INSERT INTO consultation_legs (consultation_id, participant_id, who, number, direction, channel_id, channel, state, joined_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::varchar, CASE WHEN $8::varchar = 'joined' THEN now() END) RETURNING id`,
        [l.consultationId, l.participantId, l.who, l.number, l.direction, l.channelId, l.channel ?? null, l.state],
      );
      return row.id;
    },

    async updateLeg(sql: Sql, id: number, set: Partial<{ state: LegState; channel_id: string; channel: string | null; attempts: number; last_outcome: string; joined_at: Date; left_at: Date; dialed_at: Date; retry_at: Date | null }>): Promise<void> {
      const keys = Object.keys(set) as Array<keyof typeof set>;
      const assignments = keys.map((k, i) => `${k} = $${i + 2}`).join(', ');
      await sql.query(`UPDATE consultation_legs SET ${assignments} WHERE id = $1`, [id, ...keys.map((k) => set[k])]);
    },

    /** The summary the yearly report reads, rewritten from the rows it sums. */
    async writeSummary(sql: Sql, consultationId: number): Promise<void> {
      await sql.query(
        `INSERT INTO consultation_summaries (consultation_id, official_id, topic_code, starts_at, held, questions, answered, requests_made,
                                             legs_dialled, legs_joined, duration_seconds, updated_at)
         SELECT c.id, c.official_id, c.topic_code, c.starts_at,
                EXISTS (SELECT 1 FROM consultation_legs l WHERE l.consultation_id = c.id AND l.who = 'official' AND l.joined_at IS NOT NULL),
                (SELECT count(*) FROM consultation_participants p WHERE p.consultation_id = c.id),
                (SELECT count(*) FROM consultation_participants p WHERE p.consultation_id = c.id AND p.outcome = 'answered'),
                (SELECT count(*) FROM consultation_participants p WHERE p.consultation_id = c.id AND p.outcome = 'request'),
                (SELECT count(*) FROM consultation_legs l WHERE l.consultation_id = c.id AND l.direction = 'out'),
                (SELECT count(*) FROM consultation_legs l WHERE l.consultation_id = c.id AND l.joined_at IS NOT NULL),
                coalesce(extract(epoch FROM (c.ended_at - c.started_at))::int, 0), now()
           FROM consultations c WHERE c.id = $1
         ON CONFLICT (consultation_id) DO UPDATE SET held = excluded.held, questions = excluded.questions, answered = excluded.answered,
           requests_made = excluded.requests_made, legs_dialled = excluded.legs_dialled, legs_joined = excluded.legs_joined,
           duration_seconds = excluded.duration_seconds, topic_code = excluded.topic_code, starts_at = excluded.starts_at, updated_at = now()`,
        [consultationId],
      );
    },
  };
}
export type ConsultationsRepository = ReturnType<typeof createConsultationsRepository>;
