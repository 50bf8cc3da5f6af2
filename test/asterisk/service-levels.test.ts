import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { astcli, editQueuesConf, placeCallers, queueStatus, setPhone, sleep } from './lab';
import { report, startLabBed, until, type LabBed } from './testbed';

/* eslint-disable @typescript-eslint/no-explicit-any -- the live page's JSON is asserted by shape */

// Seen against this PBX before issue 11: our service level read 60 % where ServicelevelPerf said 100 %,
// because abandoned calls counted as misses. The page now names both; here they must equal the PBX's own.
const SL_SECONDS = 4;
let bed: LabBed;
let supervisor: { cookie: string };
let restoreConf: () => Promise<void>;

beforeAll(async () => {
  bed = await startLabBed();
  supervisor = await bed.t.login({ role: 'supervisor' });
  restoreConf = await editQueuesConf(bed.lab, (text) => text
    .replace(/^servicelevel\s*=.*$/m, `servicelevel = ${SL_SECONDS}`)
    .replace(/^wrapuptime\s*=.*$/m, 'wrapuptime = 0'));
  await astcli(bed.lab, 'module reload app_queue');
  // The PBX's counters start from zero, as our fresh call log does.
  await bed.driver.action({ Action: 'QueueReset', Queue: bed.lab.queue });
  for (const a of bed.lab.agents) await setPhone(bed.lab, a.ext, { ring: 0, talk: 2 });
});

afterAll(async () => {
  await restoreConf?.();
  await astcli(bed.lab, 'module reload app_queue').catch(() => undefined);
});

async function pauseAll(paused: boolean): Promise<void> {
  for (const m of (await queueStatus(bed.driver, bed.lab.queue)).members) {
    await bed.driver.action({ Action: 'QueuePause', Interface: m.location, Paused: String(paused), Queue: bed.lab.queue, Reason: 'lab' });
  }
}

const channelOf = async (id: string) => (await bed.driver.action({ Action: 'CoreShowChannels' }))
  .find((m) => m.Event === 'CoreShowChannel' && m.Linkedid === id && m.Application === 'Queue')?.Channel;

async function ended(id: string): Promise<void> {
  await until(async () => (await bed.t.db.dataSource.query('SELECT ended_at FROM calls WHERE id = $1', [id]))[0]?.ended_at, `call ${id} ended in the log`, 30_000);
}

/** One caller at a time to the end, so the PBX and the log see the calls in the same order. */
async function answered(id: string, waitMs: number): Promise<void> {
  if (waitMs > 0) await pauseAll(true);
  await placeCallers(bed.driver, [id], { waitSeconds: 30 });
  if (waitMs > 0) {
    // The caller hears the recording notice (about 6 s) before Queue(): the wait starts when they are in it.
    await until(() => channelOf(id), `caller ${id} in the queue`, 15_000);
    await sleep(waitMs);
    await pauseAll(false);
  }
  await ended(id);
}

async function abandoned(id: string, afterMs: number): Promise<void> {
  await pauseAll(true);
  await placeCallers(bed.driver, [id], { waitSeconds: 30 });
  const channel = await until(() => channelOf(id), `caller ${id} in the queue`, 10_000);
  await sleep(afterMs);
  await bed.driver.action({ Action: 'Hangup', Channel: channel });
  await ended(id);
  await pauseAll(false);
}

const pbxParams = async () => {
  const params = (await bed.driver.action({ Action: 'QueueStatus', Queue: bed.lab.queue })).find((m) => m.Event === 'QueueParams')!;
  return {
    serviceLevelSeconds: Number(params.ServiceLevel), completed: Number(params.Completed), abandoned: Number(params.Abandoned),
    serviceLevelPerf: Number(params.ServicelevelPerf), serviceLevelPerf2: Number(params.ServicelevelPerf2),
    holdtime: Number(params.Holdtime), talktime: Number(params.TalkTime),
  };
};

describe("the live page's service levels against a real Asterisk's", () => {
  it('when calls are answered and abandoned inside and outside the threshold, then our Asterisk figures equal its QueueParams', async () => {
    const run = `sl${Date.now() % 1_000_000}`;
    await answered(`${run}-1`, 0);
    await abandoned(`${run}-2`, 1000);
    await answered(`${run}-3`, (SL_SECONDS + 2) * 1000);
    await abandoned(`${run}-4`, (SL_SECONDS + 2) * 1000);
    await answered(`${run}-5`, 0);

    const pbx = await pbxParams();
    const live = await until(async () => {
      const res = await bed.t.fetch('/api/supervisor/live', { cookie: supervisor.cookie });
      const q = ((await res.json()) as any).queues.find((x: { name: string }) => x.name === bed.lab.queue);
      return q?.today.asterisk.completed === pbx.completed && q.today.asterisk.abandoned === pbx.abandoned ? q : null;
    }, 'the five calls counted on the live page', 30_000);
    report([
      `service levels, ${bed.lab.queue} with servicelevel=${SL_SECONDS}: Asterisk QueueParams ${JSON.stringify(pbx)}`,
      `  ours by Asterisk's definitions (from the call log) ${JSON.stringify(live.today.asterisk)}`,
      `  ours (every caller with an outcome, ${live.today.serviceLevelSeconds} s) ${JSON.stringify({ offered: live.today.offered, answered: live.today.answered, abandoned: live.today.abandoned, serviceLevel: live.today.serviceLevel })}`,
    ].join('\n'));

    // The PBX's own view of these calls: abandoned ones are not misses in SL; SL2 counts the one that left within the threshold.
    expect(pbx).toMatchObject({ serviceLevelSeconds: SL_SECONDS, completed: 3, abandoned: 2, serviceLevelPerf: 66.7, serviceLevelPerf2: 60 });
    const { holdtime, talktime, ...counts } = live.today.asterisk;
    const { holdtime: pbxHold, talktime: pbxTalk, ...pbxCounts } = pbx;
    expect(counts).toEqual(pbxCounts);
    // Asterisk's averages are integer seconds of its own clock; the log's second boundaries may differ by one.
    expect(Math.abs(holdtime - pbxHold)).toBeLessThanOrEqual(1);
    expect(Math.abs(talktime - pbxTalk)).toBeLessThanOrEqual(1);
    expect(live.today).toMatchObject({ offered: 5, answered: 3, abandoned: 2 });
  });
});
