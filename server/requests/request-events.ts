import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { RequestChange } from '../realtime/contract';
import { rooms, type Realtime, type RealtimeSocket } from '../realtime/gateway';
import { visibleTo } from './requests.service';

type Sql = Pick<DataSource, 'query'>;

async function readChange(db: Sql, id: number): Promise<Omit<RequestChange, 'created'> | null> {
  const [row] = await db.query(
    `SELECT id, version, status, executor_id AS "executorId", updated_at AS "updatedAt" FROM requests WHERE id = $1`,
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
      if (extra.previousExecutorId != null && extra.previousExecutorId !== change.executorId) targets.push(rooms.executor(extra.previousExecutorId));
      realtime.io.to(targets).emit('request:changed', extra.created ? { ...change, created: true } : change);
    } catch (error) {
      // a missed live update is healed by the next load; it must never fail the change itself
      log.warn({ err: error, requestId: id }, 'request change not broadcast');
    }
  }

  /** `request:watch`: joins the request's room only when the user may see the request. */
  function handleWatch(socket: RealtimeSocket): void {
    socket.on('request:watch', async (payload, ack) => {
      const reply = typeof ack === 'function' ? ack : () => undefined;
      const id = Number((payload as { id?: unknown } | undefined)?.id);
      if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) return reply({ ok: false, error: { code: 'invalid_input', message: 'id must be a request id' } });
      try {
        const [row] = await dataSource.query('SELECT executor_id AS "executorId" FROM requests WHERE id = $1', [id]);
        if (!row || !visibleTo(row, socket.data.user) || socket.data.user.role === 'official') {
          return reply({ ok: false, error: { code: 'not_found', message: 'Request not found.' } });
        }
        await socket.join(rooms.request(id));
        reply({ ok: true });
      } catch (error) {
        log.warn({ err: error }, 'request:watch failed');
        reply({ ok: false, error: { code: 'unavailable', message: 'Try again in a moment.' } });
      }
    });
    socket.on('request:unwatch', (payload) => {
      const id = Number((payload as { id?: unknown } | undefined)?.id);
      if (Number.isInteger(id)) void socket.leave(rooms.request(id));
    });
  }

  realtime.onConnect(handleWatch);
  return { changed, executorOf };
}
export type RequestEvents = ReturnType<typeof createRequestEvents>;
