import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

export const MANIFEST_FORMAT = 'hromada-contact-backup/1';

const fileEntry = z.object({ file: z.string().min(1), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

/** What a backup holds, written beside the dump (`<file>.manifest.json`) and printed by the CLI. */
export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  createdAt: z.string(),
  postgres: z.string(),
  /** The migrations the database had run, oldest first: the last one is the schema version. */
  schema: z.object({ version: z.string().nullable(), migrations: z.array(z.string()) }),
  /** Rows per table (`schema.table`), counted in the very snapshot pg_dump read. */
  tables: z.record(z.string(), z.number().int().nonnegative()),
  dump: fileEntry,
  /** BACKUP_RECORDINGS: the recordings folder archived beside the dump, or explicitly left out. */
  recordings: z.union([z.object({ included: z.literal(false) }), fileEntry.extend({ included: z.literal(true) })]),
});
export type Manifest = z.infer<typeof manifestSchema>;

export const manifestPath = (dumpFile: string) => `${dumpFile}.manifest.json`;
export const recordingsPath = (dumpFile: string) => `${dumpFile}.recordings.tar.gz`;

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export class BackupRefused extends Error {}

export async function readManifest(dumpFile: string): Promise<Manifest> {
  let raw: string;
  try {
    raw = await readFile(manifestPath(dumpFile), 'utf8');
  } catch {
    throw new BackupRefused(`${manifestPath(dumpFile)} is missing: a backup is the dump and its manifest together`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new BackupRefused(`${manifestPath(dumpFile)} is not valid JSON (truncated or altered)`);
  }
  const result = manifestSchema.safeParse(parsed);
  if (!result.success) throw new BackupRefused(`${manifestPath(dumpFile)} is not a Hromada Contact backup manifest (${result.error.issues[0]?.message})`);
  return result.data;
}
