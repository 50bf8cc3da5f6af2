import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject, onTestFinished } from 'vitest';
import { migrations } from '../../db/migrations';
import { startTestApp, type TestApp } from '../setup/app';
import { useTestDatabase, withDatabase, type TestDatabase } from '../setup/database';

export const knownMigrations = migrations.map((m) => m.name);

export async function sql<T = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

// These helpers are called inside tests, where vitest ignores afterAll: each cleans up when its test finishes.

const dropDatabase = (url: string) => sql(inject('postgresUrl'), `DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`).then(() => undefined);

/** A new, empty database on the test server, dropped when the test ends: where restores go. */
export async function emptyDatabase(): Promise<string> {
  const serverUrl = inject('postgresUrl');
  const name = `hc_restore_${randomBytes(6).toString('hex')}`;
  await sql(serverUrl, `CREATE DATABASE ${name}`);
  const url = withDatabase(serverUrl, name);
  onTestFinished(() => dropDatabase(url));
  return url;
}

/** A fresh, migrated database for one test, dropped when it ends. */
export async function sourceDatabase(): Promise<TestDatabase> {
  const db = await useTestDatabase();
  onTestFinished(async () => {
    if (db.dataSource.isInitialized) await db.dataSource.destroy();
    await dropDatabase(db.url);
  });
  return db;
}

/** The whole application on its own database for one test, closed when it ends. */
export async function appForTest(overrides: Parameters<typeof startTestApp>[0] = {}): Promise<TestApp> {
  const db = await sourceDatabase();
  const app = await startTestApp(overrides, { db });
  onTestFinished(async () => {
    app.database.stop();
    await app.realtime.io.close();
    app.http.closeAllConnections();
    await new Promise((resolve) => app.http.close(resolve));
  });
  return app;
}

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-backup-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Tables, views and sequences outside PostgreSQL's own schemas: 0 for a database nothing was written to. */
export async function relations(url: string): Promise<number> {
  const [{ n }] = await sql<{ n: number }>(url, `
    SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
     WHERE s.nspname NOT IN ('pg_catalog', 'information_schema') AND s.nspname NOT LIKE 'pg\\_%'`);
  return n;
}

/** Every row of the calls table in key order (up to a key), hashed: equal hashes, equal tables. */
export async function callsChecksum(url: string, upToId?: string): Promise<{ rows: number; md5: string | null }> {
  const [r] = await sql<{ rows: number; md5: string | null }>(url,
    `SELECT count(*)::int AS rows, md5(string_agg(c::text, '|' ORDER BY c.id)) AS md5 FROM calls c WHERE $1::text IS NULL OR c.id <= $1`, [upToId ?? null]);
  return r;
}
