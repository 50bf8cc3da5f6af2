import type { Sql } from '../citizens/citizens.repository';
import { OPEN } from './transitions';

export const FLAGS = ['repeated', 'multiple', 'duplicate', 'mass', 'collective'] as const;
export type Flag = (typeof FLAGS)[number];

export interface FlagHit {
  flag: Flag;
  /** The earlier request the flag points at ("attach to that one instead"); null for collective. */
  requestId: number | null;
  number: string | null;
}

export interface IntakeFacts {
  citizenId: number | null;
  topicCode: string;
  source: string;
  externalNumber: string | null;
  description: string;
  address: string | null;
  subject: string;
}

export interface FlagOptions {
  /** How many open requests about one address and topic within the window make a mass incident. */
  massThreshold: number;
  massWindowHours: number;
}

type Hit = { id: number; number: string } | undefined;

/**
 * The flags of classifier 858 section 2 (повторне, неодноразове, дублетне, масове) plus collective (5.2),
 * found before the request is saved. Each query is small and indexed; `mass` also names the incident's root.
 */
export async function detectFlags(sql: Sql, f: IntakeFacts, o: FlagOptions): Promise<{ hits: FlagHit[]; incidentRoot: number | null }> {
  const hits: FlagHit[] = [];
  const push = (flag: Flag, row: Hit) => row && hits.push({ flag, requestId: row.id, number: row.number });
  if (f.citizenId != null) {
    push('repeated', await first(sql, `citizen_id = $1 AND topic_code = $2 AND status = 'closed' AND closed_at > now() - interval '1 year'
      ORDER BY closed_at DESC`, [f.citizenId, f.topicCode]));
    push('multiple', await first(sql, `citizen_id = $1 AND topic_code = $2 AND status = ANY($3) ORDER BY received_at DESC`,
      [f.citizenId, f.topicCode, OPEN]));
  }
  push('duplicate', await duplicateOf(sql, f));
  const mass = await massIncident(sql, f, o);
  push('mass', mass);
  if (f.subject === 'collective') hits.push({ flag: 'collective', requestId: null, number: null });
  return { hits, incidentRoot: mass?.id ?? null };
}

async function first(sql: Sql, where: string, args: unknown[]): Promise<Hit> {
  const [row] = await sql.query(`SELECT id, number FROM requests WHERE ${where} LIMIT 1`, args);
  return row;
}

/** The same sender's number twice, or the same text about the same person or place from another channel. */
async function duplicateOf(sql: Sql, f: IntakeFacts): Promise<Hit> {
  if (f.externalNumber) {
    const byNumber = await first(sql, 'external_number = $1 ORDER BY received_at', [f.externalNumber]);
    if (byNumber) return byNumber;
  }
  return first(
    sql,
    `lower(btrim(description)) = lower(btrim($1)) AND source <> $2 AND received_at > now() - interval '30 days'
     AND (citizen_id = $3 OR (topic_code = $4 AND lower(address) = lower($5))) ORDER BY received_at`,
    [f.description, f.source, f.citizenId, f.topicCode, f.address],
  );
}

/** The incident's root (the first request about the place) when this one makes the group reach the threshold. */
async function massIncident(sql: Sql, f: IntakeFacts, o: FlagOptions): Promise<Hit> {
  if (!f.address) return undefined;
  const rows: { id: number; number: string; incidentId: number | null }[] = await sql.query(
    `SELECT id, number, incident_id AS "incidentId" FROM requests
      WHERE topic_code = $1 AND lower(address) = lower($2) AND status = ANY($3)
        AND received_at > now() - make_interval(hours => $4) ORDER BY received_at, id`,
    [f.topicCode, f.address, OPEN, o.massWindowHours],
  );
  if (rows.length + 1 < o.massThreshold) return undefined;
  const root = rows.find((r) => r.incidentId != null)?.incidentId ?? rows[0].id;
  const [row] = await sql.query('SELECT id, number FROM requests WHERE id = $1', [root]);
  return row;
}

/** Marks every request of the group as part of the incident, so the group reads as one in lists. */
export async function linkIncident(sql: Sql, root: number, f: IntakeFacts, o: FlagOptions): Promise<void> {
  await sql.query(
    `UPDATE requests SET incident_id = CASE WHEN id = $1 THEN NULL ELSE $1 END,
            flags = CASE WHEN 'mass' = ANY(flags) THEN flags ELSE array_append(flags, 'mass') END
      WHERE topic_code = $2 AND lower(address) = lower($3) AND status = ANY($4)
        AND received_at > now() - make_interval(hours => $5)`,
    [root, f.topicCode, f.address, OPEN, o.massWindowHours],
  );
}
