import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Sql } from '../citizens/citizens.repository';
import type { ConsultationScheduler } from '../consultations/consultations.service';

/** pg-boss writes its job through our transaction (its `db` option), so the job commits with the row. */
const inTransaction = (sql: Sql): PgBoss.Db => ({ executeSql: async (text, values) => ({ rows: await sql.query(text, values) }) });

const START = 'consultation-start';
const MISSED = 'consultation-missed';

interface StartJob {
  id: number;
  /** The time the job was made for: a job left over from before a reschedule does nothing. */
  startsAt: string;
}

/** Tells the queue when a consultation starts (when it starts itself) and when it is over. */
export function consultationScheduler(boss: PgBoss): ConsultationScheduler {
  return {
    async scheduled(c, sql) {
      const startsAt = c.startsAt.toISOString();
      const db = sql && inTransaction(sql);
      if (c.autoStart) {
        await boss.send(START, { id: c.id, startsAt } satisfies StartJob, { startAfter: c.startsAt, singletonKey: `${c.id}@${startsAt}`, retryLimit: 10, retryDelay: 30, db });
      }
      await boss.send(MISSED, { id: c.id }, { startAfter: c.endsAt, singletonKey: `${c.id}@${c.endsAt.toISOString()}`, retryLimit: 5, retryDelay: 60, db });
    },
  };
}

export interface ConsultationJobTarget {
  startDue(id: number, startsAt: string): Promise<boolean>;
  markMissed(id: number): Promise<boolean>;
}

/**
 * Workers for the two consultation jobs. A start that fails (the PBX is down) throws, so pg-boss retries
 * it; a consultation already running, ended or moved is left alone.
 */
export async function workConsultationJobs(boss: PgBoss, target: ConsultationJobTarget, log: Logger, pollingIntervalSeconds = 5): Promise<void> {
  await boss.work<StartJob>(START, { pollingIntervalSeconds }, async ([job]) => {
    if (!job) return;
    const started = await target.startDue(job.data.id, job.data.startsAt);
    log.info({ consultationId: job.data.id, started }, 'scheduled consultation start');
  });
  await boss.work<{ id: number }>(MISSED, { pollingIntervalSeconds }, async ([job]) => {
    if (!job) return;
    if (await target.markMissed(job.data.id)) log.warn({ consultationId: job.data.id }, 'consultation missed: its time passed without a start');
  });
}
