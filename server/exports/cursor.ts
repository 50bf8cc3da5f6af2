import type { DataSource } from 'typeorm';

/**
 * Rows of a query in batches through a server-side cursor: a list of any length leaves the database as it is
 * written out, never whole in memory and never cut at a page limit.
 */
export async function* cursorBatches<R>(dataSource: DataSource, sql: string, args: unknown[], batch = 2_000): AsyncGenerator<R[]> {
  const q = dataSource.createQueryRunner();
  await q.connect();
  try {
    await q.startTransaction('REPEATABLE READ');
    await q.query(`DECLARE export_cursor NO SCROLL CURSOR FOR ${sql}`, args);
    for (;;) {
      const rows: R[] = await q.query(`FETCH ${Math.trunc(batch)} FROM export_cursor`);
      if (rows.length === 0) break;
      yield rows;
    }
    await q.commitTransaction();
  } finally {
    if (q.isTransactionActive) await q.rollbackTransaction();
    await q.release();
  }
}
