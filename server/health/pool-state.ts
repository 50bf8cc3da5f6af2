import type { DataSource } from 'typeorm';

/** pg's pool as TypeORM keeps it (`driver.master`): the counters it exposes. */
interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max: number };
}

export interface PoolState {
  /** Connections the pool may open. */
  max: number;
  /** Open now, of which `idle` are free. */
  total: number;
  idle: number;
  /** Callers waiting for a connection: every one is out. */
  waiting: number;
  /** Nobody can get a connection at once right now: new work waits (and after 5 s answers 503 `database_busy`). */
  saturated: boolean;
}

/** The pool's state without a query: it must answer even when no connection is free. */
export function poolState(dataSource: DataSource): PoolState | null {
  const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
  if (!pool?.options) return null;
  const { totalCount: total, idleCount: idle, waitingCount: waiting } = pool;
  const max = pool.options.max;
  return { max, total, idle, waiting, saturated: waiting > 0 || (total >= max && idle === 0) };
}
