import { CITIZEN_COLUMNS, type CitizenView, type Sql } from '../citizens/citizens.repository';

/** Everything held about one citizen, as the subject access request gets it (GDPR Art. 15, Law 2297-VI Art. 8). */
export interface SubjectExport {
  exportedAt: string;
  citizen: CitizenView;
  requests: Record<string, unknown>[];
  calls: Record<string, unknown>[];
  consultations: Record<string, unknown>[];
  /** What the citizen was told: timeline lines `applicant_notified` (extensions of the term), then the notices of the outbox. */
  notifications: Record<string, unknown>[];
  /** The channels they agreed (or declined) to be told on, with the address, who recorded it and how. */
  noticeConsents: Record<string, unknown>[];
  /** The recordings of the citizen's calls, held or already deleted (the file itself is played from the call log). */
  recordings: Record<string, unknown>[];
  /** Who read or changed the citizen, their requests, calls or registrations: this export's own line included. */
  audit: Record<string, unknown>[];
  /** Anonymisations of this citizen: who, when, why, how many rows. */
  anonymisations: Record<string, unknown>[];
}

const REQUESTS = `
  SELECT r.id, r.number, r.received_at AS "receivedAt", r.source, r.external_number AS "externalNumber", r.kind, r.subject,
         r.category, r.addressee, r.topic_code AS "topicCode", t.name_uk AS "topicName", r.address, r.district_code AS district,
         r.description, e.name_uk AS executor, r.status, r.result, r.answer, r.due_at AS "dueAt", r.closed_at AS "closedAt",
         r.satisfaction, r.rework_count AS "reworkCount", r.flags,
         coalesce((SELECT json_agg(json_build_object('at', ev.at, 'action', ev.action, 'fromStatus', ev.from_status, 'toStatus', ev.to_status,
                   'comment', ev.comment, 'details', ev.data, 'by', u.username) ORDER BY ev.id)
                     FROM request_events ev LEFT JOIN users u ON u.id = ev.actor_id WHERE ev.request_id = r.id), '[]') AS timeline
    FROM requests r LEFT JOIN topics t ON t.code = r.topic_code LEFT JOIN executors e ON e.id = r.executor_id
   WHERE r.citizen_id = $1 ORDER BY r.received_at, r.id`;

const CALLS = `
  SELECT c.id, c.direction, c.caller_number AS "callerNumber", c.caller_name AS "callerName", c.queue, u.username AS agent,
         c.queued_at AS "queuedAt", c.answered_at AS "answeredAt", c.ended_at AS "endedAt", c.talk_seconds AS "talkSeconds",
         c.outcome, c.wrap_up_kind AS "wrapUpKind", c.wrap_up_topic_code AS "wrapUpTopicCode"
    FROM calls c LEFT JOIN users u ON u.id = c.agent_user_id
   WHERE c.citizen_id = $1 OR (c.citizen_id IS NULL AND c.caller_number = ANY($2::text[]))
   ORDER BY coalesce(c.queued_at, c.offered_at, c.ended_at), c.id`;

const CONSULTATIONS = `
  SELECT p.id AS "registrationId", c.id AS "consultationId", c.topic, c.starts_at AS "startsAt", c.status, p.phone, p.question,
         p.registered_at AS "registeredAt", p.outcome, p.request_id AS "requestId"
    FROM consultation_participants p JOIN consultations c ON c.id = p.consultation_id
   WHERE p.citizen_id = $1 ORDER BY c.starts_at, p.id`;

// The citizen's own rows and every row that is theirs: a read of a request or a registration is a read of them.
const AUDIT = `
  SELECT a.at, u.username, a.action, a.entity, a.entity_id AS "entityId", a.detail, a.ip
    FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
   WHERE (a.entity = 'citizen' AND a.entity_id = $1::text)
      OR (a.entity = 'request' AND a.entity_id = ANY($2::text[]))
      OR (a.entity = 'call' AND a.entity_id = ANY($3::text[]))
      OR (a.entity = 'consultation_participant' AND a.entity_id = ANY($4::text[]))
   ORDER BY a.id`;

const RECORDINGS = `
  SELECT r.call_id AS "callId", r.state, r.started_at AS "startedAt", r.ended_at AS "endedAt",
         r.duration_seconds::float AS "durationSeconds", r.deleted_at AS "deletedAt", r.erase_requested_at AS "eraseRequestedAt"
    FROM recordings r WHERE r.call_id = ANY($1::text[]) ORDER BY r.started_at, r.call_id`;

const NOTICES = `
  SELECT r.number AS request, coalesce(o.sent_at, o.created_at) AS at, o.event AS notice, o.channel, o.status, o.text
    FROM notification_outbox o JOIN requests r ON r.id = o.request_id WHERE o.citizen_id = $1 ORDER BY o.id`;

const CONSENTS = `
  SELECT c.channel, c.address, c.consented, c.via, c.recorded_at AS "recordedAt", u.username AS "recordedBy"
    FROM notification_consents c LEFT JOIN users u ON u.id = c.recorded_by WHERE c.citizen_id = $1 ORDER BY c.channel`;

/** The export, or null when there is no such citizen. */
export async function collectSubjectExport(sql: Sql, citizenId: number): Promise<SubjectExport | null> {
  const [citizen]: CitizenView[] = await sql.query(`SELECT ${CITIZEN_COLUMNS} FROM citizens c WHERE c.id = $1`, [citizenId]);
  if (!citizen) return null;
  const requests = await sql.query(REQUESTS, [citizenId]);
  const calls = await sql.query(CALLS, [citizenId, citizen.phones]);
  const consultations = await sql.query(CONSULTATIONS, [citizenId]);
  const ids = (rows: Record<string, unknown>[], key: string) => rows.map((r) => String(r[key]));
  const audit: Record<string, unknown>[] = await sql.query(AUDIT, [citizenId, ids(requests, 'id'), ids(calls, 'id'), ids(consultations, 'registrationId')]);
  const recordings = await sql.query(RECORDINGS, [ids(calls, 'id')]);
  const notifications = requests.flatMap((r: { number: string; timeline: { action: string; at: string; details: unknown }[] }) =>
    r.timeline.filter((e) => e.action === 'applicant_notified').map((e) => ({ request: r.number, at: e.at, ...(e.details as object) })))
    .concat(await sql.query(NOTICES, [citizenId]));
  const noticeConsents = await sql.query(CONSENTS, [citizenId]);
  const anonymisations = audit.filter((a) => a.entity === 'citizen' && a.action === 'anonymise');
  return { exportedAt: new Date().toISOString(), citizen, requests, calls, consultations, notifications, noticeConsents, recordings, audit, anonymisations };
}
