import type { Sql } from '../../citizens/citizens.repository';
import type { OutageSuspicionView } from '../../realtime/contract';
import type { Burst, RecentCall, SpikeThreshold } from './spike-groups';

export interface SuspicionRow extends OutageSuspicionView {
  status: 'open' | 'declared' | 'dismissed';
  streetKey: string;
  districtCode: string | null;
  outageId: number | null;
}

const COLUMNS = `id, street, buildings, topic_group AS "topicGroup", calls, since, last_at AS "lastAt", call_ids AS "callIds",
  status, street_key AS "streetKey", district_code AS "districtCode", outage_id AS "outageId"`;

export const toView = (r: SuspicionRow): OutageSuspicionView => ({
  id: r.id, street: r.street, buildings: r.buildings, topicGroup: r.topicGroup, calls: r.calls,
  since: new Date(r.since).toISOString(), lastAt: new Date(r.lastAt).toISOString(), callIds: r.callIds,
});

export const spikeRepository = {
  async thresholds(sql: Sql): Promise<Map<string, SpikeThreshold>> {
    const rows: ({ topicGroup: string } & SpikeThreshold)[] = await sql.query('SELECT topic_group AS "topicGroup", calls, minutes FROM spike_settings');
    return new Map(rows.map((r) => [r.topicGroup, { calls: r.calls, minutes: r.minutes }]));
  },

  async putThreshold(sql: Sql, group: string, t: SpikeThreshold): Promise<void> {
    await sql.query(
      `INSERT INTO spike_settings (topic_group, calls, minutes) VALUES ($1, $2, $3)
       ON CONFLICT (topic_group) DO UPDATE SET calls = EXCLUDED.calls, minutes = EXCLUDED.minutes, updated_at = now()`,
      [group, t.calls, t.minutes],
    );
  },

  /**
   * Classified calls since `from`: their topic group, and the place (the request's address, else the caller's home).
   * Calls already attached to an open outage's incident are known, not a sign of a new one; calls a supervisor
   * already decided on (declared or dismissed) do not raise the same suspicion again.
   */
  async recentCalls(sql: Sql, from: Date, until: Date): Promise<RecentCall[]> {
    const rows: RecentCall[] = await sql.query(
      `SELECT c.id, c.queued_at AS at, t.executor_kind AS "topicGroup", coalesce(r.address, z.address) AS address,
              coalesce(r.district_code, z.district_code) AS district
         FROM calls c
         JOIN topics t ON t.code = c.wrap_up_topic_code AND t.executor_kind IS NOT NULL
         LEFT JOIN LATERAL (SELECT q.address, q.district_code FROM call_requests cr JOIN requests q ON q.id = cr.request_id
                             WHERE cr.call_id = c.id AND q.address IS NOT NULL ORDER BY q.id LIMIT 1) r ON true
         LEFT JOIN citizens z ON z.id = c.citizen_id
        WHERE c.queued_at > $1 AND c.queued_at <= $2
          AND NOT EXISTS (SELECT 1 FROM call_requests cr JOIN outages o ON o.incident_id = cr.request_id
                           WHERE cr.call_id = c.id AND o.closed_at IS NULL)
          AND c.wrap_up_topic_code IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM outage_suspicions s WHERE s.status <> 'open' AND s.last_at > $1 AND c.id = ANY(s.call_ids))`,
      [from, until],
    );
    return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
  },

  /**
   * One open suspicion per street and topic group: a second node (or a later scan) that sees the same burst
   * updates it. Answers the row and whether it is news (new, or more calls than before).
   */
  async upsert(sql: Sql, b: Burst): Promise<{ row: SuspicionRow; news: boolean }> {
    const ids = b.calls.map((c) => c.id);
    const [row] = await sql.query(
      `WITH before AS (SELECT calls FROM outage_suspicions WHERE street_key = $1 AND topic_group = $4 AND status = 'open')
       INSERT INTO outage_suspicions (street_key, street, buildings, topic_group, district_code, calls, call_ids, since, last_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (street_key, topic_group) WHERE status = 'open' DO UPDATE
         SET calls = (SELECT count(DISTINCT x)::int FROM unnest(outage_suspicions.call_ids || EXCLUDED.call_ids) x),
             call_ids = ARRAY(SELECT DISTINCT x FROM unnest(outage_suspicions.call_ids || EXCLUDED.call_ids) x ORDER BY x),
             buildings = EXCLUDED.buildings, since = least(outage_suspicions.since, EXCLUDED.since),
             last_at = greatest(outage_suspicions.last_at, EXCLUDED.last_at)
       RETURNING ${COLUMNS}, (SELECT calls FROM before) AS "callsBefore"`,
      [b.streetKey, b.street, b.buildings, b.topicGroup, b.district, ids.length, ids, b.calls[0].at, b.calls[b.calls.length - 1].at],
    );
    const { callsBefore, ...rest } = row;
    return { row: rest, news: callsBefore === null || callsBefore !== rest.calls };
  },

  async open(sql: Sql): Promise<SuspicionRow[]> {
    return sql.query(`SELECT ${COLUMNS} FROM outage_suspicions WHERE status = 'open' ORDER BY last_at DESC`);
  },

  async byId(sql: Sql, id: number, lock = false): Promise<SuspicionRow | null> {
    const [row] = await sql.query(`SELECT ${COLUMNS} FROM outage_suspicions WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row ?? null;
  },

  async decide(sql: Sql, id: number, status: 'declared' | 'dismissed', userId: number, outageId: number | null): Promise<void> {
    await sql.query('UPDATE outage_suspicions SET status = $2, decided_by = $3, decided_at = now(), outage_id = $4 WHERE id = $1', [id, status, userId, outageId]);
  },
};
