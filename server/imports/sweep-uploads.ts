import { readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UPLOAD_ROOT } from './upload';

const DAY = 24 * 60 * 60 * 1000;

/** Whether a process of that id runs (EPERM: it does, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * At start-up: the uploads of servers that are gone (killed mid-import, or from before uploads were removed on
 * a client's leaving). A folder is named by the server that took it, so several servers sharing a machine
 * never remove each other's; the older layout (`hc-upload-*` in the temp folder) goes once it is a day old.
 * Returns the folders removed.
 */
export async function sweepUploads(root = UPLOAD_ROOT, legacyRoot = tmpdir(), now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  const remove = async (dir: string) => {
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  };
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const pid = Number(name.split('-')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !alive(pid)) await remove(path.join(root, name));
  }
  for (const name of await readdir(legacyRoot).catch(() => [] as string[])) {
    if (!name.startsWith('hc-upload-')) continue;
    const dir = path.join(legacyRoot, name);
    const s = await stat(dir).catch(() => null);
    if (s?.isDirectory() && now - s.mtimeMs > DAY) await remove(dir);
  }
  return removed;
}
