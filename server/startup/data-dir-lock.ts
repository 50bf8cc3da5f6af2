import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isAlive } from '../../db/embedded';

/**
 * One server per DATA_DIR: a second one would fight over the embedded database and the session secret.
 * The lock names the process that holds it, so the message says whom to stop.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'server.pid');
  try {
    writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
  } catch {
    const holder = Number(readFileSync(file, 'utf8').trim());
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(`DATA_DIR ${dataDir} is already used by another Hromada Contact server (process ${holder}); stop it or set another DATA_DIR`);
    }
    writeFileSync(file, `${process.pid}\n`); // a stale lock of a process that is gone
  }
  return () => rmSync(file, { force: true });
}
