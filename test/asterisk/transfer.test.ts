import { writeFileSync } from 'node:fs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { body } from '../setup/app';
import { channels, hangupAll, placeCallers, setPhone } from './lab';
import { classify, median, report, startLabBed, traceOf, until, type LabBed, type LabConsole } from './testbed';

/**
 * Transfers through the server's API against Asterisk 22 (issue 23 item 3): a blind and an attended transfer
 * from agent 1004 to agent 1005, ten runs each; the time from the API call to the PBX's own event is printed.
 */
let bed: LabBed;
let first: LabConsole;
let second: LabConsole;
const RUNS = Number(process.env.TRANSFER_RUNS ?? 10);

beforeAll(async () => {
  bed = await startLabBed();
  first = await bed.agent('1004');
  for (const a of bed.lab.agents) await setPhone(bed.lab, a.ext, { ring: 1, talk: 600 });
});

beforeEach(async () => {
  await hangupAll(bed.driver);
  await until(async () => (await channels(bed.driver)).length === 0, 'an idle lab', 10_000);
});

const post = (path: string, c: LabConsole, json?: unknown) => bed.t.fetch(path, { method: 'POST', cookie: c.cookie, json });
const eventAfter = (name: string, since: number, match: (m: Record<string, string>) => boolean = () => true) =>
  until(() => bed.listener.events.find((m) => m.Event === name && m.at >= since && match(m)), `${name} from the PBX`, 15_000);

/** A caller into the queue answered by 1004 (1005's console is closed, so the queue never rings it). */
async function answeredByFirst(tag: string): Promise<string> {
  const callId = `xfer-${tag}-${process.pid}`;
  await placeCallers(bed.driver, [callId], { cidPrefix: '+38067400' });
  await first.next('call:answered', (c) => c.callId === callId, { timeoutMs: 20_000 });
  return callId;
}

/**
 * `RECORD_FIXTURES=1`: the first run of each mode is written as test/fixtures/ami/lab-transfer-<mode>.ami, every
 * event the lab sent meanwhile (the lab is idle otherwise), for the simulator's and the state's tests.
 */
function record(mode: string, since: number): void {
  if (!process.env.RECORD_FIXTURES) return;
  const events = bed.listener.events.filter((m) => m.at >= since);
  const wire = events.map((m) => Object.entries(m).filter(([k]) => k !== 'at').map(([k, v]) => `${k}: ${v}`).join('\r\n')).join('\r\n\r\n');
  const header = [`# A ${mode} transfer from Local/1004@agent-phones/n to 1005 through POST /api/calls/:callId/transfer, then the caller hangs up.`,
    '# Recorded from the lab Asterisk 22.10.1 by test/asterisk/transfer.test.ts (RECORD_FIXTURES=1).'];
  writeFileSync(new URL(`../fixtures/ami/lab-transfer-${mode}.ami`, import.meta.url), `${header.join('\r\n')}\r\n\r\n${wire}\r\n\r\n`);
}

async function runOnce(mode: 'blind' | 'attended', i: number): Promise<{ toEvent: number; complete?: number; pop: number }> {
  const placedAt = Date.now();
  const callId = await answeredByFirst(`${mode}${i}`);
  const at = Date.now();
  const res = await post(`/api/calls/${callId}/transfer`, first, { to: { userId: second.userId }, mode });
  expect(res.status, JSON.stringify(await body(res.clone()))).toBe(202);
  const out: { toEvent: number; complete?: number; pop: number } = { toEvent: 0, pop: 0 };
  if (mode === 'blind') {
    out.toEvent = (await eventAfter('BlindTransfer', at)).at - at;
  } else {
    // The consultation: the target's phone is dialled from the agent's side.
    out.toEvent = (await eventAfter('DialBegin', at, (m) => /1005@agent-phones/.test(m.DestChannel ?? ''))).at - at;
    await second.next('call:answered', (c) => c.callId === callId, { since: at, timeoutMs: 15_000 });
    await until(async () => (await bed.t.db.dataSource.query('SELECT answered_at FROM call_transfers WHERE call_id = $1', [callId]))[0]?.answered_at, 'the consultation answered');
    const asked = Date.now();
    const done = await post(`/api/calls/${callId}/transfer/complete`, first);
    expect(done.status, JSON.stringify(await body(done.clone()))).toBe(202);
    out.complete = (await eventAfter('AttendedTransfer', asked)).at - asked;
  }
  const pop = await second.next('call:offered', (c) => c.callId === callId && c.transferredFrom, { since: at });
  out.pop = pop.at - at;
  expect(pop.data.transferredFrom).toMatchObject({ userId: first.userId });
  await first.next('call:ended', (c) => c.callId === callId, { since: at });
  await second.next('call:answered', (c) => c.callId === callId, { since: at, timeoutMs: 15_000 });
  await hangupAll(bed.driver);
  await second.next('call:ended', (c) => c.callId === callId, { since: at, timeoutMs: 15_000 }).catch((e: Error) => {
    report(`transfer ${mode} ${i}: ${e.message}\n${traceOf(callId, bed, [first, second], at)}`);
    throw e;
  });
  if (i === 0) record(mode, placedAt);
  await classify(bed, first, callId);
  await classify(bed, second, callId);
  const rows = await bed.t.db.dataSource.query('SELECT * FROM call_transfers WHERE call_id = $1', [callId]);
  expect(rows, traceOf(callId, bed, [first, second], at)).toMatchObject([{ mode, status: 'answered', from_user_id: first.userId, to_user_id: second.userId }]);
  return out;
}

describe('transfers through a real Asterisk', () => {
  it.each(['blind', 'attended'] as const)('when agent 1004 transfers %s to agent 1005, then 1005 gets the pop with the card and from whom, and both parts are logged', async (mode) => {
    second ??= await bed.agent('1005');
    // 1005 answers the transfer, but the queue must not offer it the callers: paused while the calls come in.
    await post(`/api/agents/${second.userId}/pause`, await bed.supervisor(), { paused: true, reason: 'lunch' });
    const figures: Array<{ toEvent: number; complete?: number; pop: number }> = [];
    for (let i = 0; i < RUNS; i++) {
      await hangupAll(bed.driver);
      await until(async () => (await channels(bed.driver)).length === 0, 'an idle lab', 10_000);
      figures.push(await runOnce(mode, i));
    }
    const line = (xs: number[]) => `median ${median(xs)} ms, min ${Math.min(...xs)}, max ${Math.max(...xs)}`;
    report(`transfer ${mode} ×${RUNS}: API → ${mode === 'blind' ? 'BlindTransfer' : 'the target\'s DialBegin'} ${line(figures.map((f) => f.toEvent))}; ` +
      (mode === 'attended' ? `complete → AttendedTransfer ${line(figures.map((f) => f.complete ?? 0))}; ` : '') +
      `API → pop at 1005 ${line(figures.map((f) => f.pop))}`);
  });
});
