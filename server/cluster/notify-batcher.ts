import type pg from 'pg';

const NOTIFY = 'SELECT pg_notify($1, $2)';
const MAX_BATCH = 500;

interface Pending {
  channel: string;
  payload: string;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * The pool the Socket.IO adapter publishes through, with its NOTIFYs sent one statement at a time, each
 * carrying every NOTIFY that queued up meanwhile. One statement in flight keeps the events in the order they
 * were emitted (an answer never overtakes its pop); batching keeps a busy node from waiting a round trip per
 * event. (PostgreSQL folds identical notifications of one statement into one: our events are states and
 * transitions, where a repeat changes nothing.)
 */
export function batchingNotifies(pool: pg.Pool): pg.Pool {
  const queue: Pending[] = [];
  let sending = false;

  async function flush(): Promise<void> {
    sending = true;
    while (queue.length) {
      const batch = queue.splice(0, MAX_BATCH);
      const calls = batch.map((_, i) => `pg_notify($${2 * i + 1}, $${2 * i + 2})`).join(', ');
      try {
        await pool.query(`SELECT ${calls}`, batch.flatMap((p) => [p.channel, p.payload]));
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error as Error);
      }
    }
    sending = false;
  }

  function query(text: unknown, values?: unknown[]): Promise<unknown> {
    if (text !== NOTIFY || !values) return (pool.query as (t: unknown, v?: unknown[]) => Promise<unknown>)(text, values);
    return new Promise<void>((resolve, reject) => {
      queue.push({ channel: String(values[0]), payload: String(values[1]), resolve, reject });
      if (!sending) void flush();
    });
  }

  return new Proxy(pool, {
    get(target, prop) {
      if (prop === 'query') return query;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
