import type { Sql } from '../citizens/citizens.repository';
import type { OutageRow } from './outage-index';
import type { NewOutage, OutageChange } from './outages.schemas';

/** An outage as the API answers it. */
export interface OutageView extends OutageRow {
  executorName: string | null;
  suspicionId: number | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  attachedCalls: number;
}

const iso = (column: string) => `to_json(${column})#>>'{}'`;
const COLUMNS = `o.id, o.kind, o.planned, o.district_code AS "districtCode", o.addresses, o.executor_id AS "executorId",
  e.name_uk AS "executorName", ${iso('o.starts_at')} AS "startsAt", ${iso('o.expected_end_at')} AS "expectedEndAt", o.text,
  o.incident_id AS "incidentId", o.suspicion_id AS "suspicionId", ${iso('o.created_at')} AS "createdAt",
  ${iso('o.updated_at')} AS "updatedAt", ${iso('o.closed_at')} AS "closedAt",
  (SELECT count(*)::int FROM call_requests cr WHERE o.incident_id IS NOT NULL AND cr.request_id = o.incident_id) AS "attachedCalls"`;
const FROM = 'outages o LEFT JOIN executors e ON e.id = o.executor_id';

const toIso = (rows: OutageView[]) => rows.map((r) => ({
  ...r,
  startsAt: new Date(r.startsAt).toISOString(),
  expectedEndAt: r.expectedEndAt && new Date(r.expectedEndAt).toISOString(),
  createdAt: new Date(r.createdAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
  closedAt: r.closedAt && new Date(r.closedAt).toISOString(),
}));

export const outagesRepository = {
  /** Every outage not closed (the index holds those that start later too). */
  async open(sql: Sql): Promise<OutageView[]> {
    return toIso(await sql.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE o.closed_at IS NULL ORDER BY o.starts_at DESC, o.id DESC`));
  },

  async list(sql: Sql, o: { active: boolean; executorId: number | null; limit: number }): Promise<OutageView[]> {
    const where = [o.active ? 'o.closed_at IS NULL AND o.starts_at <= now()' : 'true', o.executorId === null ? 'true' : 'o.executor_id = $2'];
    const args: unknown[] = [o.limit];
    if (o.executorId !== null) args.push(o.executorId);
    return toIso(await sql.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE ${where.join(' AND ')} ORDER BY o.starts_at DESC, o.id DESC LIMIT $1`, args));
  },

  async byId(sql: Sql, id: number, lock = false): Promise<OutageView | null> {
    // FOR UPDATE cannot stand beside an outer join's nullable side: lock the outage row alone first.
    if (lock) await sql.query('SELECT id FROM outages WHERE id = $1 FOR UPDATE', [id]);
    const [row] = await sql.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE o.id = $1`, [id]);
    return row ? toIso([row])[0] : null;
  },

  async insert(sql: Sql, o: NewOutage & { createdBy: number; suspicionId?: number | null }): Promise<number> {
    const [row] = await sql.query(
      `INSERT INTO outages (kind, planned, district_code, addresses, executor_id, starts_at, expected_end_at, text, created_by, suspicion_id)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [o.kind, o.planned, o.districtCode, JSON.stringify(o.addresses), o.executorId, o.startsAt, o.expectedEndAt, o.text, o.createdBy, o.suspicionId ?? null],
    );
    return row.id;
  },

  async update(sql: Sql, id: number, c: OutageChange): Promise<void> {
    const sets: string[] = [];
    const args: unknown[] = [id];
    const set = (column: string, value: unknown, cast = '') => {
      args.push(value);
      sets.push(`${column} = $${args.length}${cast}`);
    };
    if (c.kind !== undefined) set('kind', c.kind);
    if (c.planned !== undefined) set('planned', c.planned);
    if (c.districtCode !== undefined) set('district_code', c.districtCode);
    if (c.addresses !== undefined) set('addresses', JSON.stringify(c.addresses), '::jsonb');
    if (c.startsAt !== undefined) set('starts_at', c.startsAt);
    if (c.expectedEndAt !== undefined) set('expected_end_at', c.expectedEndAt);
    if (c.text !== undefined) set('text', c.text);
    await sql.query(`UPDATE outages SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, args);
  },

  async close(sql: Sql, id: number, userId: number): Promise<void> {
    await sql.query('UPDATE outages SET closed_at = now(), closed_by = $2, updated_at = now() WHERE id = $1 AND closed_at IS NULL', [id, userId]);
  },

  async setIncident(sql: Sql, id: number, incidentId: number): Promise<void> {
    await sql.query('UPDATE outages SET incident_id = $2, updated_at = now() WHERE id = $1', [id, incidentId]);
  },
};
