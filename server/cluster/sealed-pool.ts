import type pg from 'pg';
import type { ChannelSeal, DropReason } from './channel-seal';

/** The statements `@socket.io/postgres-adapter` (0.5) sends: a NOTIFY, and a big message's row and its read. */
const NOTIFY = 'SELECT pg_notify($1, $2)';
const ATTACHMENT_WRITE = /^INSERT INTO socket_io_attachments \(payload\)/;
const ATTACHMENT_READ = /^SELECT payload FROM socket_io_attachments WHERE/;
const ATTACHMENT = 'socket_io_attachments';

type Query = (text: unknown, values?: unknown[]) => Promise<pg.QueryResult>;

/**
 * The pool the Socket.IO adapter publishes and listens through, with every message sealed on its way out and
 * opened on its way in (channel-seal.ts): the NOTIFY payloads, the rows of messages too big for a NOTIFY, and
 * the notifications the adapter's LISTEN connection hears. What does not open is dropped before the adapter
 * sees it, and told to `onDrop`; so the adapter, and our bus inside it, only ever get what a node sealed.
 */
export function sealedPool(pool: pg.Pool, seal: ChannelSeal, onDrop: (reason: DropReason, where: string) => void): pg.Pool {
  const query = pool.query.bind(pool) as unknown as Query;

  async function sealedQuery(text: unknown, values?: unknown[]): Promise<pg.QueryResult> {
    if (text === NOTIFY && values) return query(text, [values[0], seal.seal(String(values[1]), String(values[0]))]);
    if (typeof text === 'string' && ATTACHMENT_WRITE.test(text) && values) return query(text, [seal.sealBytes(values[0] as Buffer, ATTACHMENT)]);
    const result = await query(text, values);
    if (typeof text !== 'string' || !ATTACHMENT_READ.test(text)) return result;
    const row = result.rows[0] as { payload?: Buffer } | undefined;
    const opened = row?.payload ? seal.openBytes(row.payload, ATTACHMENT) : ({ ok: false, reason: 'unsigned' } as const);
    if (!opened.ok) {
      onDrop(opened.reason, ATTACHMENT);
      throw new Error(`cluster message dropped (${opened.reason})`);
    }
    return { ...result, rows: [{ payload: opened.value }] };
  }

  return new Proxy(pool, {
    get(target, prop) {
      if (prop === 'query') return sealedQuery;
      if (prop === 'connect') return async () => listening(await target.connect(), seal, onDrop);
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A checked-out client (the adapter's LISTEN) whose `notification` listeners hear only sealed messages, opened. */
function listening(client: pg.PoolClient, seal: ChannelSeal, onDrop: (reason: DropReason, where: string) => void): pg.PoolClient {
  const on = (event: string, listener: (...args: unknown[]) => void) => {
    if (event !== 'notification') return client.on(event as 'end', listener);
    return client.on('notification', (n: pg.Notification) => {
      const opened = seal.open(n.payload ?? '', n.channel);
      if (opened.ok) listener({ ...n, payload: opened.value });
      else onDrop(opened.reason, n.channel);
    });
  };
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'on' || prop === 'addListener') return on;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
