import type { Sql } from '../../citizens/citizens.repository';

export interface TransferRow {
  id: string;
  callId: string;
  mode: 'blind' | 'attended';
  toKind: 'queue' | 'user' | 'number' | 'phone';
  toValue: string | null;
  fromUserId: number | null;
  fromInterface: string | null;
  status: string;
}

/** A transfer's row, whole in one statement: a part answered at once (back in the queue) is never seen without its agent. */
export async function insertTransfer(
  sql: Sql,
  t: Omit<TransferRow, 'status'> & { status?: string; transferredAt?: string; fromTalkSeconds?: number; toUserId?: number | null; toInterface?: string; answeredAt?: string },
): Promise<void> {
  await sql.query(
    `INSERT INTO call_transfers (id, call_id, mode, to_kind, to_value, from_user_id, from_interface, status, transferred_at, from_talk_seconds, to_user_id, to_interface, answered_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce($8, 'requested'), $9, $10, $11, $12, $13)`,
    [t.id, t.callId, t.mode, t.toKind, t.toValue, t.fromUserId, t.fromInterface, t.status ?? null, t.transferredAt ?? null, t.fromTalkSeconds ?? null,
      t.toUserId ?? null, t.toInterface ?? null, t.answeredAt ?? null],
  );
}

/** The call's transfer still waiting for the PBX: the last one, not yet handed over, answered or given up. */
export async function openTransfer(sql: Sql, callId: string): Promise<TransferRow | null> {
  const [row] = await sql.query(
    `SELECT id, call_id AS "callId", mode, to_kind AS "toKind", to_value AS "toValue", from_user_id AS "fromUserId",
            from_interface AS "fromInterface", status
       FROM call_transfers WHERE call_id = $1 AND status IN ('requested', 'consulting', 'transferred', 'answered') AND ended_at IS NULL
      ORDER BY requested_at DESC LIMIT 1`,
    [callId],
  );
  return row ?? null;
}

/** The call's latest transfer, whatever became of it. */
export async function lastTransfer(sql: Sql, callId: string): Promise<TransferRow | null> {
  const [row] = await sql.query(
    `SELECT id, call_id AS "callId", mode, to_kind AS "toKind", to_value AS "toValue", from_user_id AS "fromUserId",
            from_interface AS "fromInterface", status
       FROM call_transfers WHERE call_id = $1 ORDER BY requested_at DESC LIMIT 1`,
    [callId],
  );
  return row ?? null;
}

export async function setTransfer(sql: Sql, id: string, set: Partial<{ status: string; transferredAt: string; fromTalkSeconds: number; toUserId: number | null; toInterface: string; answeredAt: string; endedAt: string; talkSeconds: number }>): Promise<void> {
  await sql.query(
    `UPDATE call_transfers SET status = coalesce($2, status), transferred_at = coalesce(transferred_at, $3),
            from_talk_seconds = coalesce(from_talk_seconds, $4), to_user_id = coalesce($5, to_user_id),
            to_interface = coalesce($6, to_interface), answered_at = coalesce(answered_at, $7),
            ended_at = coalesce(ended_at, $8), talk_seconds = coalesce(talk_seconds, $9)
      WHERE id = $1`,
    [id, set.status ?? null, set.transferredAt ?? null, set.fromTalkSeconds ?? null, set.toUserId ?? null, set.toInterface ?? null,
      set.answeredAt ?? null, set.endedAt ?? null, set.talkSeconds ?? null],
  );
}

export interface TransferView {
  id: string;
  from: { userId: number | null; fullName: string | null; talkSeconds: number | null };
  to: { kind: string; value: string | null; userId: number | null; fullName: string | null; talkSeconds: number | null };
  mode: string;
  status: string;
  at: string;
}

/** The transfers of these calls, oldest first, as `GET /api/calls/mine` lists them. */
export async function transfersOf(sql: Sql, callIds: string[]): Promise<Map<string, TransferView[]>> {
  const out = new Map<string, TransferView[]>();
  if (!callIds.length) return out;
  const rows: Array<Record<string, unknown>> = await sql.query(
    `SELECT t.id, t.call_id, t.mode, t.status, t.to_kind, t.to_value, t.from_user_id, f.full_name AS from_name, t.from_talk_seconds,
            t.to_user_id, u.full_name AS to_name, t.talk_seconds, coalesce(t.transferred_at, t.requested_at) AS at
       FROM call_transfers t LEFT JOIN users f ON f.id = t.from_user_id LEFT JOIN users u ON u.id = t.to_user_id
      WHERE t.call_id = ANY($1) ORDER BY t.requested_at`,
    [callIds],
  );
  for (const r of rows) {
    const list = out.get(String(r.call_id)) ?? [];
    list.push({
      id: String(r.id), mode: String(r.mode), status: String(r.status), at: new Date(r.at as string).toISOString(),
      from: { userId: (r.from_user_id as number | null) ?? null, fullName: (r.from_name as string | null) ?? null, talkSeconds: (r.from_talk_seconds as number | null) ?? null },
      to: { kind: String(r.to_kind), value: (r.to_value as string | null) ?? null, userId: (r.to_user_id as number | null) ?? null, fullName: (r.to_name as string | null) ?? null, talkSeconds: (r.talk_seconds as number | null) ?? null },
    });
    out.set(String(r.call_id), list);
  }
  return out;
}

/** Whether the user had a part in the call through a transfer (gave it or took it): they may classify it too. */
export async function tookPart(sql: Sql, callId: string, userId: number): Promise<boolean> {
  const [row] = await sql.query('SELECT 1 FROM call_transfers WHERE call_id = $1 AND (from_user_id = $2 OR to_user_id = $2) LIMIT 1', [callId, userId]);
  return !!row;
}

export interface TransferColleague {
  userId: number;
  fullName: string;
  interface: string;
}

/** Whom an agent can hand a caller to: the active users with a phone whom a transfer accepts, not the agent. */
export async function transferColleagues(sql: Sql, userId: number): Promise<TransferColleague[]> {
  const rows: Array<{ id: number; full_name: string; interface: string }> = await sql.query(
    `SELECT id, full_name, interface FROM users
      WHERE active AND interface IS NOT NULL AND role IN ('agent', 'supervisor', 'official') AND id <> $1
      ORDER BY full_name, id`,
    [userId],
  );
  return rows.map((r) => ({ userId: r.id, fullName: r.full_name, interface: r.interface }));
}
