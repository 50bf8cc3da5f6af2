import { Counter, Gauge, type Registry } from 'prom-client';
import type { Sql } from '../citizens/citizens.repository';
import { OUTBOX_QUEUES } from '../jobs/jobs';

/**
 * What an operator alerts on that lives in the database rather than in this process: the retention run (once
 * across nodes, so every node reports the same) and the outbox of notifications (the pg-boss queues that send
 * mail). Read at scrape time; the last values stay when the database cannot be asked.
 */
export function createOpsMetrics(registry: Registry) {
  const registers = [registry];
  const lastRun = new Gauge({ name: 'hc_retention_last_run_timestamp_seconds', help: 'When the last retention run finished (0: never)', registers });
  const lastRunOk = new Gauge({ name: 'hc_retention_last_run_ok', help: '1 when the last finished retention run completed, 0 when it failed or none has run', registers });
  const anonymised = new Counter({ name: 'hc_retention_anonymised_total', help: 'Citizens anonymised by retention runs', registers });
  const held = new Gauge({ name: 'hc_retention_last_run_held', help: 'Expired citizens the last retention run left under a legal hold', registers });
  const pending = new Gauge({ name: 'hc_outbox_pending', help: 'Notifications waiting to be sent (queued, retrying or being sent), by queue', labelNames: ['queue'] as const, registers });
  const failed = new Gauge({ name: 'hc_outbox_failed', help: 'Notifications that failed for good and are still kept by the queue, by queue', labelNames: ['queue'] as const, registers });
  const oldest = new Gauge({ name: 'hc_outbox_oldest_pending_age_seconds', help: 'Age of the oldest notification waiting, by queue (0: none)', labelNames: ['queue'] as const, registers });

  async function refreshRetention(sql: Sql): Promise<void> {
    const [r] = await sql.query(`
      SELECT (SELECT extract(epoch FROM finished_at)::float8 FROM retention_runs WHERE finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT 1) AS "lastAt",
             (SELECT status FROM retention_runs WHERE finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT 1) AS "lastStatus",
             (SELECT held FROM retention_runs WHERE finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT 1) AS "lastHeld",
             (SELECT coalesce(sum(anonymised), 0)::float8 FROM retention_runs) AS anonymised`);
    lastRun.set(r.lastAt ?? 0);
    lastRunOk.set(r.lastStatus === 'done' ? 1 : 0);
    held.set(r.lastHeld ?? 0);
    anonymised.reset();
    anonymised.inc(r.anonymised);
  }

  async function refreshOutbox(sql: Sql): Promise<void> {
    const [{ present }] = await sql.query(`SELECT to_regclass('pgboss.job') IS NOT NULL AS present`);
    const rows: { name: string; pending: number; failed: number; oldest: number | null }[] = present ? await sql.query(`
      SELECT name, count(*) FILTER (WHERE state IN ('created', 'retry', 'active'))::int AS pending, count(*) FILTER (WHERE state = 'failed')::int AS failed,
             extract(epoch FROM now() - min(created_on) FILTER (WHERE state IN ('created', 'retry', 'active')))::float8 AS oldest
        FROM pgboss.job WHERE name = ANY($1::text[]) GROUP BY name`, [OUTBOX_QUEUES]) : [];
    for (const queue of OUTBOX_QUEUES) {
      const row = rows.find((x) => x.name === queue);
      pending.set({ queue }, row?.pending ?? 0);
      failed.set({ queue }, row?.failed ?? 0);
      oldest.set({ queue }, row?.oldest ?? 0);
    }
  }

  return {
    /** Both reads; an error (the database away) leaves the last values and is the caller's to log. */
    async refresh(sql: Sql): Promise<void> {
      await refreshRetention(sql);
      await refreshOutbox(sql);
    },
  };
}
