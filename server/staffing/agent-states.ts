import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AgentGridRow } from '../realtime/contract';

type Sql = Pick<DataSource, 'query'>;

/**
 * Writes each agent's state changes (with the pause reason) as the supervisors' grid sees them, so occupancy and
 * shrinkage can be measured for any period. Writes go one after another; a failed one is logged and the next
 * change starts a fresh interval (the grid is the truth, the log only follows it). The changes of one grid go in one
 * statement.
 */
export function createAgentStateRecorder(sql: Sql, log: Logger) {
  const last = new Map<number, string>();
  let chain: Promise<unknown> = sql
    // Intervals a stopped server left open end when this one starts: what happened meanwhile is unknown.
    .query(`UPDATE agent_states SET ended_at = greatest(started_at, now()) WHERE ended_at IS NULL`)
    .catch((err: unknown) => log.warn({ err }, 'agent states: could not close the intervals left open'));

  /**
   * One statement for every change the grid showed at once: the open intervals closed and the new ones opened.
   * Two statements per change per agent were the live path's largest stream of writes (bench:pop, 50 calls a
   * second): every call moves its agent through three or four states. The two parts of one statement see the
   * same snapshot, so the rows it inserts are not the ones it closes.
   */
  const CHANGES = `WITH changed AS (SELECT * FROM unnest($1::int[], $2::varchar[], $3::varchar[]) AS c(user_id, state, reason)),
         closed AS (UPDATE agent_states a SET ended_at = greatest(a.started_at, $4::timestamptz)
                      FROM changed c WHERE a.user_id = c.user_id AND a.ended_at IS NULL)
    INSERT INTO agent_states (user_id, state, reason, started_at) SELECT user_id, state, reason, $4::timestamptz FROM changed`;
  const record = (rows: AgentGridRow[], at: Date) =>
    sql.query(CHANGES, [rows.map((r) => r.userId), rows.map((r) => r.state), rows.map((r) => r.pausedReason), at]);

  function write(rows: AgentGridRow[], at: Date): void {
    chain = chain.then(async () => {
      try {
        await record(rows, at);
      } catch {
        // One bad row (an agent deleted meanwhile) must not cost the others theirs: then one by one.
        for (const row of rows) {
          await record([row], at).catch((err: unknown) => log.warn({ err, userId: row.userId }, 'agent states: a change was not recorded'));
        }
      }
    });
  }

  return {
    /** The grid as just built: record the rows whose state or pause reason changed. */
    observe(rows: AgentGridRow[], at: Date): void {
      // By user: one open interval each, whatever the grid repeats.
      const changed = new Map<number, AgentGridRow>();
      for (const row of rows) {
        const key = `${row.state}\n${row.pausedReason ?? ''}`;
        if (last.get(row.userId) === key) continue;
        last.set(row.userId, key);
        changed.set(row.userId, row);
      }
      if (changed.size > 0) write([...changed.values()], at);
    },
    /** Resolves when every change observed so far is written. */
    idle: () => chain.then(() => undefined),
  };
}
