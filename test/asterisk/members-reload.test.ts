import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { astcli, editQueuesConf, extOf, queueStatus } from './lab';
import { report, startLabBed, until, type LabBed, type LabConsole } from './testbed';

/** How long the periodic member refresh may take to notice an edit Asterisk announces with no event. */
const REFRESH_WAIT_MS = Number(process.env.LAB_REFRESH_WAIT_MS ?? 120_000);
const NEW_EXT = '1006';

let bed: LabBed;
let supervisor: LabConsole;
let restore: (() => Promise<void>) | null = null;

beforeAll(async () => {
  bed = await startLabBed();
  supervisor = await bed.supervisor();
});

afterAll(async () => {
  await restore?.();
  await astcli(bed.lab, 'module reload app_queue');
});

const membersIn = (snapshot: { queues: { name: string; members: { interface: string }[] }[] }) =>
  snapshot.queues.find((q) => q.name === bed.lab.queue)?.members.map((m) => extOf(m.interface)) ?? [];

/** Edits queues.conf, reloads it the given way, and waits for the supervisor's view to agree; returns how long that took. */
async function change(add: boolean, reload: string, timeoutMs: number): Promise<number> {
  if (add) restore = await editQueuesConf(bed.lab, (text) => `${text.trimEnd()}\nmember => Local/${NEW_EXT}@agent-phones/n,0,petro\n`);
  else await restore?.().then(() => (restore = null));
  const reloadedAt = Date.now();
  await astcli(bed.lab, reload);
  const inAsterisk = (await queueStatus(bed.driver, bed.lab.queue)).members.map((m) => extOf(m.location));
  expect(inAsterisk.includes(NEW_EXT), 'Asterisk itself has the change').toBe(add);
  const what = `${add ? 'added' : 'removed'} with '${reload}'`;
  const seen = await until(() => supervisor.named('queues:snapshot').find((s) => s.at >= reloadedAt && membersIn(s.data).includes(NEW_EXT) === add), what, timeoutMs)
    .catch((e: Error) => {
      const since = supervisor.named('queues:snapshot').filter((s) => s.at >= reloadedAt);
      report(`scenario c: member ${NEW_EXT} ${what}: not on the supervisor's screen after ${timeoutMs / 1000} s; snapshots since: ${since.map((s) => membersIn(s.data).join(',')).join(' | ') || 'none'}`);
      throw e;
    });
  report(`scenario c: member ${NEW_EXT} ${what}: on the supervisor's screen after ${seen.at - reloadedAt} ms`);
  return seen.at - reloadedAt;
}

describe('queue members changed in Asterisk', () => {
  it("when a member is added and removed in queues.conf with 'module reload app_queue', then the supervisor's view follows without a reconnect", async () => {
    const first = await supervisor.next('queues:snapshot');
    expect(membersIn(first.data)).not.toContain(NEW_EXT);
    const socketId = supervisor.socket.id;
    await change(true, 'module reload app_queue', 15_000);
    await change(false, 'module reload app_queue', 15_000);
    expect(supervisor.socket.id).toBe(socketId);
    expect(supervisor.socket.connected).toBe(true);
  });

  it("when they are changed with only 'queue reload all' (Asterisk sends no event), then the view follows by itself", async () => {
    const socketId = supervisor.socket.id;
    await change(true, 'queue reload all', REFRESH_WAIT_MS);
    await change(false, 'queue reload all', REFRESH_WAIT_MS);
    expect(supervisor.socket.id).toBe(socketId);
  });
});
