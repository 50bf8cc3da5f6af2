import type { Sql } from '../citizens/citizens.repository';
import type { Channel } from './outbox';

export type ConsentVia = 'agent' | 'status_page' | 'telegram';

export interface Consent {
  channel: Channel;
  address: string | null;
  consented: boolean;
  via: ConsentVia;
  recordedAt: string;
  recordedBy: { id: number; fullName: string } | null;
}

export async function consentsOf(sql: Sql, citizenId: number): Promise<Consent[]> {
  const rows = await sql.query(
    `SELECT c.channel, c.address, c.consented, c.via, c.recorded_at AS "recordedAt", u.id AS "userId", u.full_name AS "userName"
       FROM notification_consents c LEFT JOIN users u ON u.id = c.recorded_by
      WHERE c.citizen_id = $1 ORDER BY c.channel`,
    [citizenId],
  );
  return rows.map((r: Record<string, unknown>) => ({
    channel: r.channel, address: r.address, consented: r.consented, via: r.via, recordedAt: new Date(r.recordedAt as string).toISOString(),
    recordedBy: r.userId == null ? null : { id: r.userId, fullName: r.userName },
  }));
}

/**
 * Records a citizen's yes or no for one channel (the latest word stands; the address stays with a "no" so the
 * console can show what was withdrawn). A new "yes" also tells them of their requests registered in the last
 * day while the channel was not yet chosen: the agent asks for consent after the request is saved.
 */
export async function recordConsent(
  sql: Sql, citizenId: number, c: { channel: Channel; consented: boolean; address: string | null; via: ConsentVia; by: number | null },
): Promise<void> {
  await sql.query(
    `INSERT INTO notification_consents (citizen_id, channel, address, consented, via, recorded_by, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, now())
     ON CONFLICT (citizen_id, channel) DO UPDATE
        SET address = coalesce(EXCLUDED.address, notification_consents.address), consented = EXCLUDED.consented,
            via = EXCLUDED.via, recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
    [citizenId, c.channel, c.address, c.consented, c.via, c.by],
  );
  if (!c.consented) return;
  await sql.query(
    `INSERT INTO notification_outbox (request_id, citizen_id, event, channel)
     SELECT r.id, r.citizen_id, 'registered', $2::varchar
       FROM requests r
      WHERE r.citizen_id = $1 AND r.received_at > now() - interval '1 day'
        AND r.status IN ('registered', 'assigned', 'in_progress', 'returned')
        AND NOT EXISTS (SELECT 1 FROM notification_outbox o WHERE o.request_id = r.id AND o.channel = $2::varchar)`,
    [citizenId, c.channel],
  );
}

/** Anonymising a citizen: the e-mail, SMS number and Telegram chat their notices went to (the outbox keeps only texts without them). */
export async function forgetConsents(sql: Sql, citizenId: number): Promise<number> {
  const rows = await sql.query('DELETE FROM notification_consents WHERE citizen_id = $1 RETURNING channel', [citizenId]);
  return (rows[0] as unknown[]).length;
}
