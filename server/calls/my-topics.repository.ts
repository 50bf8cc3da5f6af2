import type { Sql } from '../citizens/citizens.repository';

/** How far back an agent's habits count: a month follows this season's topics (heating in winter, water in summer). */
export const MY_TOPICS_DAYS = 30;
/** As many as there are digit keys on the wrap-up form. */
export const MY_TOPICS_LIMIT = 9;

/**
 * The agent's most used topics: their own wrap-ups of the last 30 days, and the requests they registered with no
 * call (a written appeal typed in): a request registered on a call is already counted by that call's wrap-up.
 * Only active topics, most used first; ties by code so the digits stay put between two loads.
 */
export async function myTopics(sql: Sql, userId: number): Promise<{ code: string; uses: number }[]> {
  return sql.query(
    `WITH used AS (
       SELECT c.wrap_up_topic_code AS code FROM calls c
        WHERE c.agent_user_id = $1 AND c.wrap_up_topic_code IS NOT NULL AND c.wrapped_up_at >= now() - make_interval(days => $2)
       UNION ALL
       SELECT r.topic_code FROM requests r
        WHERE r.created_by = $1 AND r.created_at >= now() - make_interval(days => $2)
          AND NOT EXISTS (SELECT 1 FROM call_requests cr WHERE cr.request_id = r.id)
     )
     SELECT u.code, count(*)::int AS uses FROM used u JOIN topics t ON t.code = u.code AND t.active
      GROUP BY u.code ORDER BY uses DESC, u.code LIMIT $3`,
    [userId, MY_TOPICS_DAYS, MY_TOPICS_LIMIT],
  );
}
