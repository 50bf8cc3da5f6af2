import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { createDataSource, type DataSource } from '../../db/data-source';

export interface TestDatabase {
  url: string;
  dataSource: DataSource;
}

/**
 * A fresh, migrated database for one test file, dropped when the file ends, so files run in parallel.
 * Migrations run from scratch here, which also proves every migration on every run.
 */
export async function useTestDatabase(): Promise<TestDatabase> {
  const serverUrl = inject('postgresUrl');
  const name = `hc_test_${randomBytes(6).toString('hex')}`;
  await admin(serverUrl, `CREATE DATABASE ${name}`);
  const url = withDatabase(serverUrl, name);
  const dataSource = createDataSource({ url, poolSize: 5 });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'all' });
  afterAll(async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
    await admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  return { url, dataSource };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
