import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locatePgTools } from './pg-tools';

const debian15 = '/usr/lib/postgresql/15/bin';

describe('finding pg_dump and pg_restore', async () => {
  const empty = await mkdtemp(path.join(tmpdir(), 'hc-no-tools-'));
  afterAll(() => rm(empty, { recursive: true, force: true }));

  it('when no folder holds them, then the error names the package to install and PG_BIN_DIR', async () => {
    await expect(locatePgTools(99, { PATH: empty })).rejects.toThrow(/not found.*postgresql-client-99.*PG_BIN_DIR/);
  });

  it.skipIf(!existsSync(debian15))('when the server is PostgreSQL 15, then Debian\'s client 15 is taken, also past a PG_BIN_DIR without the tools', async () => {
    expect(await locatePgTools(15, { PATH: empty })).toEqual({ pgDump: `${debian15}/pg_dump`, pgRestore: `${debian15}/pg_restore`, major: 15 });
    await expect(locatePgTools(15, { PATH: empty, PG_BIN_DIR: empty })).resolves.toMatchObject({ major: 15 });
  });

  it.skipIf(!existsSync(debian15))('when the only tools are of another major version, then the error says both versions instead of a failed dump later', async () => {
    await expect(locatePgTools(16, { PATH: empty, PG_BIN_DIR: debian15 })).rejects.toThrow(/is PostgreSQL 15, the database is PostgreSQL 16: install postgresql-client-16/);
  });
});
