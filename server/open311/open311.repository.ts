import type { Sql } from '../citizens/citizens.repository';
import type { Status } from '../requests/transitions';
import type { PublicRequestRow } from './public-request';

/** One attribute of a service (GeoReport v2 `attribute`), as kept in `open311_services.attributes`. */
export interface ServiceAttribute {
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  order: number;
  description: string;
  datatype_description?: string;
  values?: { key: string; name: string }[];
}

export interface ServiceRow {
  code: string;
  name: string;
  description: string | null;
  keywords: string | null;
  group: string | null;
  attributes: ServiceAttribute[];
}

const SERVICE_COLUMNS = `t.code, t.name_uk AS name, s.description, s.keywords, g.name_uk AS "group", s.attributes`;
const SERVICE_FROM = 'open311_services s JOIN topics t ON t.code = s.topic_code LEFT JOIN topics g ON g.code = t.parent_code';

const REQUEST_COLUMNS = `r.number, r.status, r.topic_code AS "topicCode", t.name_uk AS "topicName", r.description,
  r.public_text AS "publicText", r.answer, e.name_uk AS "executorName", r.received_at AS "receivedAt", r.updated_at AS "updatedAt",
  r.closed_at AS "closedAt", r.completed_at AS "completedAt", r.due_at AS "dueAt", r.address, r.address_is_home AS "addressIsHome",
  r.lat, r.long, c.full_name AS "citizenName", c.address AS "citizenAddress",
  (SELECT array_agg(p.phone) FROM citizen_phones p WHERE p.citizen_id = r.citizen_id) AS "citizenPhones"`;
// Only requests of public services are seen at all: a topic such as social payments says too much by itself.
const REQUEST_FROM = `requests r JOIN open311_services s ON s.topic_code = r.topic_code JOIN topics t ON t.code = r.topic_code
  LEFT JOIN executors e ON e.id = r.executor_id LEFT JOIN citizens c ON c.id = r.citizen_id`;

export interface RequestFilter {
  numbers?: string[];
  serviceCodes?: string[];
  from: Date;
  to: Date;
  statuses?: Status[];
  limit: number;
  offset: number;
}

export function createOpen311Repository() {
  return {
    async services(sql: Sql): Promise<ServiceRow[]> {
      return sql.query(`SELECT ${SERVICE_COLUMNS} FROM ${SERVICE_FROM} WHERE t.active ORDER BY t.code`);
    },

    async service(sql: Sql, code: string): Promise<ServiceRow | null> {
      const [row] = await sql.query(`SELECT ${SERVICE_COLUMNS} FROM ${SERVICE_FROM} WHERE t.active AND t.code = $1`, [code]);
      return row ?? null;
    },

    /** By numbers (which override every other filter, as the standard says), or by the filters; newest first. */
    async requests(sql: Sql, f: RequestFilter): Promise<PublicRequestRow[]> {
      if (f.numbers) {
        return sql.query(`SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM} WHERE r.number = ANY($1::text[]) ORDER BY r.received_at DESC, r.id DESC`, [f.numbers]);
      }
      return sql.query(
        `SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM}
          WHERE r.received_at >= $1 AND r.received_at <= $2
            AND ($3::text[] IS NULL OR r.topic_code = ANY($3::text[])) AND ($4::text[] IS NULL OR r.status = ANY($4::text[]))
          ORDER BY r.received_at DESC, r.id DESC LIMIT $5 OFFSET $6`,
        [f.from, f.to, f.serviceCodes ?? null, f.statuses ?? null, f.limit, f.offset],
      );
    },

    async requestOfToken(sql: Sql, token: string): Promise<string | null> {
      const [row] = await sql.query('SELECT r.number FROM open311_tokens k JOIN requests r ON r.id = k.request_id WHERE k.token = $1', [token]);
      return row?.number ?? null;
    },
  };
}
