import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../db/embedded';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server (maintenance database URL) shared by every test file; each file makes its own database. */
    postgresUrl: string;
  }
}

let embedded: EmbeddedDatabase | undefined;

/** One PostgreSQL for the run: TEST_DATABASE_URL when given, otherwise an embedded one in a temp folder. */
export async function setup(project: TestProject): Promise<void> {
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const dir = await mkdtemp(path.join(tmpdir(), 'hc-test-pg-'));
    await chmod(dir, 0o755); // the server runs as the 'postgres' user when we are root
    embedded = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), persistent: false });
    // Each test file makes its own database: that takes the superuser (the application's role may not).
    url = embedded.adminUrl;
  }
  project.provide('postgresUrl', url);
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
}
