import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { AppError, notFound } from '../http/errors';

/** A key as admins see it: never the key, its first characters only. */
export interface ApiKeyView {
  id: number;
  name: string;
  prefix: string;
  ratePerMinute: number;
  createdAt: string;
  createdBy: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** The key a request presented, when it is in force. */
export interface ActiveKey {
  id: number;
  name: string;
  ratePerMinute: number;
}

export const DEFAULT_RATE_PER_MINUTE = 60;
const PREFIX = 'hc311_';

/** Keys are 32 random bytes: a fast hash is enough to keep them (nothing to guess), and it is looked up by value. */
export const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/** Who manages keys: an admin in the console, or the command line (no user, `via: cli`). */
export interface KeyActor {
  userId: number | null;
  ip?: string | null;
  via?: 'cli';
}

const COLUMNS = `k.id, k.name, k.key_prefix AS prefix, k.rate_per_minute AS "ratePerMinute", k.created_at AS "createdAt",
  u.username AS "createdBy", k.revoked_at AS "revokedAt", k.last_used_at AS "lastUsedAt"`;

const iso = (d: Date | string | null) => (d == null ? null : new Date(d).toISOString());
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const toView = (r: any): ApiKeyView => ({ ...r, createdAt: iso(r.createdAt)!, revokedAt: iso(r.revokedAt), lastUsedAt: iso(r.lastUsedAt) });

export function createApiKeysService(dataSource: DataSource, audit: AuditService) {
  const record = (actor: KeyActor, action: 'create' | 'deactivate', id: number, detail: Record<string, unknown>) =>
    audit.record({ userId: actor.userId, action, entity: 'api_key', entityId: id, ip: actor.ip, detail: actor.via ? { ...detail, via: actor.via } : detail });

  return {
    /** Makes a key and answers it once; only its hash is stored. */
    async create(input: { name: string; ratePerMinute?: number }, actor: KeyActor): Promise<ApiKeyView & { key: string }> {
      const key = PREFIX + randomBytes(32).toString('base64url');
      const rate = input.ratePerMinute ?? DEFAULT_RATE_PER_MINUTE;
      const rows = await dataSource.query(
        `INSERT INTO api_keys (name, key_hash, key_prefix, rate_per_minute, created_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING id`,
        [input.name, hashKey(key), key.slice(0, PREFIX.length + 4), rate, actor.userId],
      );
      if (!rows.length) throw new AppError(409, 'api_key_name_taken', `A key named ${input.name} is in force; revoke it first or choose another name.`, { name: 'taken' });
      await record(actor, 'create', rows[0].id, { name: input.name, ratePerMinute: rate });
      return { ...(await this.byId(rows[0].id)), key };
    },

    async byId(id: number): Promise<ApiKeyView> {
      const [row] = await dataSource.query(`SELECT ${COLUMNS} FROM api_keys k LEFT JOIN users u ON u.id = k.created_by WHERE k.id = $1`, [id]);
      if (!row) throw notFound('API key');
      return toView(row);
    },

    /** Keys in force first, then the revoked ones, newest first. */
    async list(): Promise<ApiKeyView[]> {
      const rows = await dataSource.query(
        `SELECT ${COLUMNS} FROM api_keys k LEFT JOIN users u ON u.id = k.created_by
          ORDER BY k.revoked_at IS NOT NULL, k.created_at DESC, k.id DESC LIMIT 500`);
      return rows.map(toView);
    },

    /** Revokes at once: the next request with the key is refused. Revoking twice changes nothing. */
    async revoke(id: number, actor: KeyActor): Promise<ApiKeyView> {
      const [, changed] = await dataSource.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
      const view = await this.byId(id);
      if (changed) await record(actor, 'deactivate', id, { name: view.name });
      return view;
    },

    async revokeByName(name: string, actor: KeyActor): Promise<ApiKeyView> {
      const [row] = await dataSource.query('SELECT id FROM api_keys WHERE lower(name) = lower($1) AND revoked_at IS NULL', [name]);
      if (!row) throw notFound(`An API key in force named ${name}`);
      return this.revoke(row.id, actor);
    },

    /** The key in force that this text is, or null; its last use is kept to the minute (one write a minute, not one a request). */
    async verify(key: string): Promise<ActiveKey | null> {
      if (!key.startsWith(PREFIX) || key.length > 100) return null;
      // An UPDATE answers [rows, affected count].
      const [[row]] = await dataSource.query(
        `UPDATE api_keys SET last_used_at = now()
          WHERE key_hash = $1 AND revoked_at IS NULL AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
          RETURNING id, name, rate_per_minute AS "ratePerMinute"`, [hashKey(key)]);
      if (row) return row;
      const [known] = await dataSource.query(
        'SELECT id, name, rate_per_minute AS "ratePerMinute" FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL', [hashKey(key)]);
      return known ?? null;
    },
  };
}
export type ApiKeysService = ReturnType<typeof createApiKeysService>;
