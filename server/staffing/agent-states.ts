import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AgentGridRow } from '../realtime/contract';

type Sql = Pick<DataSource, 'query'>;

/**
 * Writes each agent's state changes (with the pause reason) as the supervisors' grid sees them, so occupancy and
 * shrinkage can be measured for any period. Writes go one after another; a failed one is logged and the next
 * change starts a fresh interval (the grid is the truth, the log only follows it).
 */
export function createAgentStateRecorder(sql: Sql, log: Logger) {
  const last = new Map<number, string>();
  let chain: Promise<unknown> = sql
    // Intervals a stopped server left open end when this one starts: what happened meanwhile is unknown.
    .query(`UPDATE agent_states SET ended_at = greatest(started_at, now()) WHERE ended_at IS NULL`)
    .catch((err: unknown) => log.warn({ err }, 'agent states: could not close the intervals left open'));

  function write(row: AgentGridRow, at: Date): void {
    chain = chain.then(async () => {
      try {
        await sql.query(`UPDATE agent_states SET ended_at = greatest(started_at, $2) WHERE user_id = $1 AND ended_at IS NULL`, [row.userId, at]);
        await sql.query(`INSERT INTO agent_states (user_id, state, reason, started_at) VALUES ($1, $2, $3, $4)`, [row.userId, row.state, row.pausedReason, at]);
      } catch (err) {
        log.warn({ err, userId: row.userId }, 'agent states: a change was not recorded');
      }
    });
  }

  return {
    /** The grid as just built: record the rows whose state or pause reason changed. */
    observe(rows: AgentGridRow[], at: Date): void {
      for (const row of rows) {
        const key = `${row.state}\n${row.pausedReason ?? ''}`;
        if (last.get(row.userId) === key) continue;
        last.set(row.userId, key);
        write(row, at);
      }
    },
    /** Resolves when every change observed so far is written. */
    idle: () => chain.then(() => undefined),
  };
}
