import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { notFound } from '../http/errors';
import { idMessage } from '../http/schemas';
import type { RequestChange } from '../realtime/contract';
import { rooms, type Realtime } from '../realtime/gateway';
import { visibleTo } from './requests.service';

type Sql = Pick<DataSource, 'query'>;

/** Whoever has a request's page: staff, and executors (their own organisation's requests only). */
const WATCHERS = ['agent', 'supervisor', 'admin', 'executor'] as const;

async function readChange(db: Sql, id: number): Promise<Omit<RequestChange, 'created'> | null> {
  const [row] = await db.query(
    // lastEventId: a comment changes no version, yet whoever has the page open must see it appear
    `SELECT id, version, status, executor_id AS "executorId", updated_at AS "updatedAt",
            coalesce((SELECT max(e.id) FROM request_events e WHERE e.request_id = r.id), 0)::int AS "lastEventId"
       FROM requests r WHERE id = $1`,
    [id],
  );
  return row ? { ...row, updatedAt: new Date(row.updatedAt).toISOString() } : null;
}

/**
 * Tells open screens that a request changed: whoever has it open (`request:<id>`), its executor's
 * organisation (and the one it just left), and staff lists. The message carries no personal data.
 */
export function createRequestEvents(dataSource: DataSource, realtime: Realtime, log: Logger) {
  async function executorOf(id: number): Promise<number | null> {
    const [row] = await dataSource.query('SELECT executor_id AS "executorId" FROM requests WHERE id = $1', [id]);
    return row?.executorId ?? null;
  }

  async function changed(id: number, extra: { created?: boolean; previousExecutorId?: number | null } = {}): Promise<void> {
    try {
      const change = await readChange(dataSource, id);
      if (!change) return;
      const targets = [rooms.request(id), rooms.staff];
      if (change.executorId != null) targets.push(rooms.executor(change.executorId));
      if (extra.previousExecutorId != null && extra.previousExecutorId !== change.executorId) {
        targets.push(rooms.executor(extra.previousExecutorId));
        // The organisation it was taken from may no longer see it: its open pages stop following it.
        realtime.io.in(rooms.executor(extra.previousExecutorId)).socketsLeave(rooms.request(id));
      }
      realtime.io.to(targets).emit('request:changed', extra.created ? { ...change, created: true } : change);
    } catch (error) {
      // a missed live update is healed by the next load; it must never fail the change itself
      log.warn({ err: error, requestId: id }, 'request change not broadcast');
    }
  }

  /** `request:watch`: joins the request's room only when the user may see the request. */
  realtime.onClientEvent('request:watch', {
    roles: WATCHERS,
    schema: idMessage,
    async handle({ id }, { socket, user }) {
      const [row] = await dataSource.query('SELECT executor_id AS "executorId" FROM requests WHERE id = $1', [id]);
      if (!row || !visibleTo(row, user)) throw notFound('Request');
      await socket.join(rooms.request(id));
      return {};
    },
  });
  realtime.onClientEvent('request:unwatch', {
    roles: WATCHERS,
    schema: idMessage,
    async handle({ id }, { socket }) {
      await socket.leave(rooms.request(id));
      return {};
    },
  });

  return { changed, executorOf };
}
export type RequestEvents = ReturnType<typeof createRequestEvents>;
