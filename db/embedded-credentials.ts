import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The embedded cluster's passwords: its superuser's (setup only) and the application role's. */
export interface Credentials {
  superuser: string;
  app: string;
}

/** Beside the cluster's folder, in DATA_DIR: `DATA_DIR/pg` → `DATA_DIR/postgres-credentials.json`. */
export const credentialsFile = (clusterDir: string) => path.join(path.dirname(clusterDir), 'postgres-credentials.json');

const generate = () => randomBytes(24).toString('base64url');

/**
 * The cluster's passwords, generated on first use and kept readable by this user only (0600). A cluster made
 * before this file existed has none: it gets new passwords too, and the launcher moves it over to them.
 */
export async function loadOrCreateCredentials(clusterDir: string): Promise<Credentials> {
  const file = credentialsFile(clusterDir);
  if (existsSync(file)) {
    await chmod(file, 0o600);
    const stored = JSON.parse(await readFile(file, 'utf8')) as Partial<Credentials>;
    if (stored.superuser && stored.app) return { superuser: stored.superuser, app: stored.app };
  }
  const fresh = { superuser: generate(), app: generate() };
  // Written whole or not at all: a half-written file would lock us out of our own cluster.
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, `${JSON.stringify(fresh)}\n`, { mode: 0o600 });
  await rename(partial, file);
  return fresh;
}

/** What the CLI needs to attach to a running cluster; null when it has never been started with this file. */
export async function readCredentials(clusterDir: string): Promise<Credentials | null> {
  const file = credentialsFile(clusterDir);
  return existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as Credentials) : null;
}

/** A throw-away password for initdb: the package writes it to a world-readable temp file for a moment. */
export const throwAwayPassword = generate;
