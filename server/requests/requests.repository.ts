import type { Sql } from '../citizens/citizens.repository';
import { formatRequestNumber } from './request-number';

/** A request row as read for the API; the view (request.view.ts) decides what each viewer sees of it. */
export interface RequestRow {
  id: number;
  number: string;
  status: string;
  receivedAt: Date;
  dueAt: Date | null;
  source: string;
  externalNumber: string | null;
  kind: string;
  subject: string;
  signatories: number | null;
  addressee: string;
  category: string;
  topicCode: string;
  topicName: string;
  citizenId: number | null;
  citizenName: string | null;
  citizenAddress: string | null;
  citizenPhones: string[] | null;
  citizenCategory: string | null;
  privileged: boolean | null;
  confidential: boolean | null;
  address: string | null;
  /** The request's address was the applicant's home when it was registered (compared as typed, in SQL). */
  addressIsHome: boolean;
  district: string | null;
  description: string;
  executorId: number | null;
  executorCode: string | null;
  executorName: string | null;
  result: string | null;
  answer: string | null;
  needsStudy: boolean;
  extendedDays: number;
  pendingExtension: PendingExtension | null;
  flags: string[];
  reworkCount: number;
  satisfaction: number | null;
  incidentId: number | null;
  closedAt: Date | null;
  completedAt: Date | null;
  callbackAttempts: number;
  lastCallbackAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** An executor's ask for more time, kept on the request until a supervisor approves or rejects it. */
export interface PendingExtension {
  days: number;
  reason: string;
  requestedAt: string;
  requestedBy: { id: number; fullName: string };
}

export const REQUEST_COLUMNS = `r.id, r.number, r.status, r.received_at AS "receivedAt", r.due_at AS "dueAt", r.source,
  r.external_number AS "externalNumber", r.kind, r.subject, r.signatories, r.addressee, r.category, r.topic_code AS "topicCode",
  t.name_uk AS "topicName", r.citizen_id AS "citizenId", c.full_name AS "citizenName", c.address AS "citizenAddress",
  (SELECT array_agg(p.phone ORDER BY p.phone) FROM citizen_phones p WHERE p.citizen_id = r.citizen_id) AS "citizenPhones",
  c.category AS "citizenCategory", c.privileged, c.confidential, r.address,
  r.address_is_home AS "addressIsHome", r.district_code AS district, r.description,
  r.executor_id AS "executorId", e.code AS "executorCode", e.name_uk AS "executorName", r.result, r.answer,
  r.needs_study AS "needsStudy", r.extended_days AS "extendedDays",
  r.pending_extension AS "pendingExtension", r.flags, r.rework_count AS "reworkCount",
  r.satisfaction, r.incident_id AS "incidentId", r.closed_at AS "closedAt", r.completed_at AS "completedAt",
  r.callback_attempts AS "callbackAttempts", r.last_callback_at AS "lastCallbackAt", r.created_at AS "createdAt",
  r.updated_at AS "updatedAt", r.version`;

export const REQUEST_FROM = `requests r JOIN topics t ON t.code = r.topic_code
  LEFT JOIN citizens c ON c.id = r.citizen_id LEFT JOIN executors e ON e.id = r.executor_id`;

export interface NewRequestRow {
  number: string;
  receivedAt: Date;
  source: string;
  externalNumber: string | null;
  kind: string;
  subject: string;
  signatories: number | null;
  addressee: string;
  category: string;
  topicCode: string;
  citizenId: number | null;
  address: string | null;
  districtCode: string | null;
  privacy: {
    /** The address is the applicant's home, by the address normaliser; its building then (without the flat). */
    home: { building: string } | null;
    /** For a confidential applicant: the description as executors read it (their search looks there). */
    executorDescription: string | null;
  };
  description: string;
  executorId: number | null;
  status: string;
  needsStudy: boolean;
  dueAt: Date;
  flags: string[];
  incidentId: number | null;
  /** Null when no user registered it (a partner's app through Open311: the audit log names the key). */
  createdBy: number | null;
}

export interface NewEvent {
  requestId: number;
  actorId: number | null;
  action: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  comment?: string | null;
  data?: Record<string, unknown> | null;
}

export function createRequestsRepository() {
  return {
    /** The next number of the year; the counter row is locked until the transaction ends, so no two requests share one. */
    async allocateNumber(sql: Sql, year: number): Promise<string> {
      const [{ last }] = await sql.query(
        `INSERT INTO request_counters (year, last) VALUES ($1, 1)
         ON CONFLICT (year) DO UPDATE SET last = request_counters.last + 1 RETURNING last`,
        [year],
      );
      return formatRequestNumber(year, last);
    },

    async insert(sql: Sql, r: NewRequestRow): Promise<number> {
      const [{ id }] = await sql.query(
        `INSERT INTO requests (number, received_at, source, external_number, kind, subject, signatories, addressee, topic_code,
           citizen_id, address, district_code, description, executor_id, status, needs_study, due_at, flags, incident_id, created_by, category,
           address_is_home, home_building, executor_description)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24) RETURNING id`,
        [r.number, r.receivedAt, r.source, r.externalNumber, r.kind, r.subject, r.signatories, r.addressee, r.topicCode,
          r.citizenId, r.address, r.districtCode, r.description, r.executorId, r.status, r.needsStudy, r.dueAt, r.flags,
          r.incidentId, r.createdBy, r.category, r.privacy.home !== null, r.privacy.home?.building ?? null, r.privacy.executorDescription],
      );
      return id;
    },

    async byId(sql: Sql, id: number): Promise<RequestRow | null> {
      const [row] = await sql.query(`SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM} WHERE r.id = $1`, [id]);
      return row ?? null;
    },

    /** The row locked for a change: concurrent transitions on one request queue here, one after the other. */
    async lockForChange(sql: Sql, id: number): Promise<RequestRow | null> {
      const [row] = await sql.query(`SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM} WHERE r.id = $1 FOR UPDATE OF r`, [id]);
      return row ?? null;
    },

    /** Sets the given columns (names are ours, never the client's) and, unless told not to, bumps the version. */
    async update(sql: Sql, id: number, set: Record<string, unknown>, bumpVersion = true): Promise<void> {
      const columns = Object.keys(set);
      const assignments = columns.map((c, i) => `${c} = $${i + 2}`);
      if (bumpVersion) assignments.push('version = version + 1');
      assignments.push('updated_at = now()');
      await sql.query(`UPDATE requests SET ${assignments.join(', ')} WHERE id = $1`, [id, ...columns.map((c) => set[c])]);
    },

    async addEvent(sql: Sql, e: NewEvent): Promise<void> {
      await sql.query(
        `INSERT INTO request_events (request_id, actor_id, action, from_status, to_status, comment, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [e.requestId, e.actorId, e.action, e.fromStatus ?? null, e.toStatus ?? null, e.comment ?? null, e.data ?? null],
      );
    },

    async timeline(sql: Sql, requestId: number): Promise<TimelineRow[]> {
      return sql.query(
        `SELECT ev.id::int, ev.at, ev.action, ev.from_status AS "fromStatus", ev.to_status AS "toStatus", ev.comment,
                ev.data AS details, ev.actor_id AS "actorId", u.full_name AS "actorName", u.username AS "actorUsername", u.role AS "actorRole"
           FROM request_events ev LEFT JOIN users u ON u.id = ev.actor_id
          WHERE ev.request_id = $1 ORDER BY ev.at, ev.id`,
        [requestId],
      );
    },

    /** Links the request to the call it came from and marks that call's wrap-up, when the call is logged. */
    async linkCall(sql: Sql, callId: string, requestId: number, topicCode: string, citizenId: number | null): Promise<boolean> {
      // TypeORM answers an UPDATE with [rows, affected].
      const [, affected] = await sql.query(
        `UPDATE calls SET wrap_up_kind = 'request', wrap_up_topic_code = $2, wrapped_up_at = now(),
                citizen_id = coalesce(citizen_id, $3)
          WHERE id = $1`,
        [callId, topicCode, citizenId],
      );
      if (affected === 0) return false;
      await sql.query('INSERT INTO call_requests (call_id, request_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [callId, requestId]);
      return true;
    },
  };
}
export type RequestsRepository = ReturnType<typeof createRequestsRepository>;

export interface TimelineRow {
  id: number;
  at: Date;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  comment: string | null;
  details: Record<string, unknown> | null;
  actorId: number | null;
  actorName: string | null;
  actorUsername: string | null;
  actorRole: string | null;
}
