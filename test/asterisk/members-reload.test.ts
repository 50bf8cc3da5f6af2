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

describe('queue members changed in Asterisk', () => {
  it('when a member is added to queues.conf and app_queue is reloaded, then the supervisor sees it without reconnecting', async () => {
    const first = await supervisor.next('queues:snapshot');
    expect(membersIn(first.data)).not.toContain(NEW_EXT);
    const socketId = supervisor.socket.id;
    restore = await editQueuesConf(bed.lab, (text) => `${text.trimEnd()}\nmember => Local/${NEW_EXT}@agent-phones/n,0,petro\n`);
    const reloadedAt = Date.now();
    await astcli(bed.lab, 'module reload app_queue');
    expect((await queueStatus(bed.driver, bed.lab.queue)).members.map((m) => extOf(m.location))).toContain(NEW_EXT);
    const seen = await supervisor.next('queues:snapshot', (s) => membersIn(s).includes(NEW_EXT), { since: reloadedAt, timeoutMs: 15_000 })
      .catch((e: Error) => {
        report(`scenario c: after 'module reload app_queue' no snapshot with ${NEW_EXT}; snapshots since: ${supervisor.named('queues:snapshot').filter((s) => s.at >= reloadedAt).map((s) => membersIn(s.data).join(',')).join(' | ') || 'none'}`);
        throw e;
      });
    report(`scenario c: 'module reload app_queue' → member ${NEW_EXT} on the supervisor's screen after ${seen.at - reloadedAt} ms`);
    expect(supervisor.socket.id).toBe(socketId);
    expect(supervisor.socket.connected).toBe(true);
  });

  it("when the member is removed again with only 'queue reload all' (no AMI event), then the supervisor's view follows by itself", async () => {
    await restore!();
    restore = null;
    const reloadedAt = Date.now();
    await astcli(bed.lab, 'queue reload all');
    expect((await queueStatus(bed.driver, bed.lab.queue)).members.map((m) => extOf(m.location))).not.toContain(NEW_EXT);
    const seen = await until(() => supervisor.named('queues:snapshot').find((s) => s.at >= reloadedAt && !membersIn(s.data).includes(NEW_EXT)),
      `a snapshot without ${NEW_EXT}`, REFRESH_WAIT_MS).catch((e: Error) => {
      report(`scenario c: after 'queue reload all' the supervisor still saw ${NEW_EXT} ${REFRESH_WAIT_MS / 1000} s later`);
      throw e;
    });
    report(`scenario c: 'queue reload all' → member ${NEW_EXT} gone from the supervisor's screen after ${seen.at - reloadedAt} ms`);
    expect(supervisor.socket.connected).toBe(true);
  });
});
