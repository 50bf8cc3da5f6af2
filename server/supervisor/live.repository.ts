import type { Sql } from '../citizens/citizens.repository';
import type { QueueSettingsView, WallboardThresholds } from '../realtime/contract';
import { DAY_ZONE } from './kyiv-day';

/** One queue call of the day as the counters need it (times in ms since the epoch). */
export interface DayCall {
  id: string;
  queue: string;
  agentUserId: number | null;
  queuedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  /** When the agent's part ended (hangup or transfer): Asterisk's "completed". */
  completedAt: number | null;
  holdSeconds: number | null;
  talkSeconds: number | null;
  wrapUpSeconds: number | null;
  outcome: 'in_progress' | 'answered' | 'abandoned' | 'unanswered';
}

const ms = (d: Date | string | null) => (d === null ? null : new Date(d).getTime());

/**
 * The queue calls of one Kyiv day, by when they reached the queue: the same calls, whichever node asks and
 * whenever (a restart, another node), so the counters agree with the call log.
 */
export async function readDayCalls(sql: Sql, day: string): Promise<DayCall[]> {
  const rows: Array<Record<string, unknown>> = await sql.query(
    `SELECT id, queue, agent_user_id, coalesce(queued_at, offered_at, answered_at) AS queued_at, answered_at, ended_at,
            hold_seconds, talk_seconds, outcome,
            CASE WHEN wrapped_up_at IS NOT NULL AND ended_at IS NOT NULL
                 THEN greatest(0, extract(epoch FROM wrapped_up_at - ended_at))::int END AS wrap_up_seconds
       FROM calls
      WHERE queue IS NOT NULL AND direction = 'in'
        AND coalesce(queued_at, offered_at, answered_at) >= ($1::date)::timestamp AT TIME ZONE '${DAY_ZONE}'
        AND coalesce(queued_at, offered_at, answered_at) < ($1::date + 1)::timestamp AT TIME ZONE '${DAY_ZONE}'`,
    [day],
  );
  return rows.map((r) => {
    const answeredAt = ms(r.answered_at as Date | null);
    const endedAt = ms(r.ended_at as Date | null);
    const talk = r.talk_seconds as number | null;
    const outcome = answeredAt !== null ? 'answered' : r.outcome === 'abandoned' || r.outcome === 'unanswered' ? r.outcome : 'in_progress';
    return {
      id: r.id as string,
      queue: r.queue as string,
      agentUserId: r.agent_user_id as number | null,
      queuedAt: ms(r.queued_at as Date)!,
      answeredAt,
      endedAt,
      // A transfer ends the agent's part before the call ends: its talk time says when.
      completedAt: answeredAt === null ? null : talk !== null ? answeredAt + talk * 1000 : endedAt,
      holdSeconds: r.hold_seconds as number | null,
      talkSeconds: talk,
      wrapUpSeconds: r.wrap_up_seconds as number | null,
      outcome,
    };
  });
}

export interface GridAgent {
  id: number;
  fullName: string;
  interface: string | null;
}

/** Every active agent, with or without a phone: the grid lists them all (offline when not in the queues). */
export async function readAgents(sql: Sql): Promise<GridAgent[]> {
  return sql.query(`SELECT id, full_name AS "fullName", nullif(interface, '') AS interface FROM users WHERE active AND role = 'agent' ORDER BY full_name, id`);
}

export async function readQueueSettings(sql: Sql): Promise<QueueSettingsView[]> {
  const rows: Array<{ queue: string; service_level_seconds: number; thresholds: WallboardThresholds; display_name: string | null }> = await sql.query(
    'SELECT queue, service_level_seconds, thresholds, display_name FROM queue_settings ORDER BY queue',
  );
  return rows.map((r) => ({ queue: r.queue, serviceLevelSeconds: r.service_level_seconds, thresholds: r.thresholds, displayName: r.display_name }));
}

export async function saveQueueSettings(sql: Sql, s: QueueSettingsView, userId: number): Promise<void> {
  await sql.query(
    `INSERT INTO queue_settings (queue, service_level_seconds, thresholds, display_name, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, now())
     ON CONFLICT (queue) DO UPDATE SET service_level_seconds = EXCLUDED.service_level_seconds, thresholds = EXCLUDED.thresholds,
       display_name = EXCLUDED.display_name, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [s.queue, s.serviceLevelSeconds, JSON.stringify(s.thresholds), s.displayName, userId],
  );
}
