import { createServer, type AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestQueue, workDigestJobs, type DigestQueue } from '../../server/jobs/digest-jobs';
import { startJobs, type Jobs } from '../../server/jobs/jobs';
import { createDigestMailer } from '../../server/supervisor/digests/digest-mailer';
import { createDigestService } from '../../server/supervisor/digests/digests.service';
import { body, startTestApp, type TestApp } from '../setup/app';
import { eventually } from './calls-harness';

const log = pino({ level: 'silent' });
const received: { to: string[]; text: string }[] = [];
let smtp: SMTPServer | null = null;
let smtpPort: number;
let t: TestApp;
let jobs: Jobs;
const nodes: Jobs[] = [];
let queue: DigestQueue | null = null;
let supervisor: string;
const numbers: Record<string, string[]> = { WATER: [], HEAT: [] };

function startSmtp(): Promise<void> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      let text = '';
      stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), text: readable(text) });
        done();
      });
    },
  });
  return new Promise((resolve) => smtp!.listen(smtpPort, '127.0.0.1', resolve));
}

/** The message with its text part decoded (nodemailer picks base64 or quoted-printable for Ukrainian text). */
function readable(raw: string): string {
  const parts = raw.split(/\r?\n--/).map((part) => {
    const [head, ...rest] = part.split(/\r?\n\r?\n/);
    const content = rest.join('\n\n');
    if (!/content-type:\s*text\/plain/i.test(head)) return part;
    if (/transfer-encoding:\s*base64/i.test(head)) return Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (/transfer-encoding:\s*quoted-printable/i.test(head)) {
      const bytes = content.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => `%${h}`);
      return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
    }
    return part;
  });
  return parts.join('\n--');
}

/** A port nothing listens on yet: the SMTP server is "down" until `startSmtp`. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function seedRequests(): Promise<void> {
  const ds = t.db.dataSource;
  const [topic] = await ds.query(`SELECT code FROM topics WHERE parent_code IS NOT NULL AND active ORDER BY code LIMIT 1`);
  const add = async (code: string, n: string, o: { district: string; dueDaysAgo: number; status?: string; completedDaysAgo?: number; satisfaction?: number; reworks?: number }) => {
    await ds.query(
      `INSERT INTO requests (number, received_at, source, topic_code, description, executor_id, status, due_at, district_code,
                             completed_at, closed_at, satisfaction, rework_count)
       VALUES ($1, now() - interval '20 days', 'call', $2, 'Опис', (SELECT id FROM executors WHERE code = $3), $4,
               now() - make_interval(days => $5) + interval '1 hour', $6, now() - make_interval(days => $7::int), $8, $9, $10)`,
      [n, topic.code, code, o.status ?? 'assigned', o.dueDaysAgo, o.district, o.completedDaysAgo ?? null,
        o.status === 'closed' ? new Date() : null, o.satisfaction ?? null, o.reworks ?? 0],
    );
    if ((o.status ?? 'assigned') === 'assigned') numbers[code].push(n);
  };
  await add('WATER', 'D-W1', { district: 'DOV', dueDaysAgo: 3 });
  await add('WATER', 'D-W2', { district: 'ING', dueDaysAgo: 10 });
  await add('WATER', 'D-W3', { district: 'DOV', dueDaysAgo: 5, status: 'closed', completedDaysAgo: 2, satisfaction: 2, reworks: 1 });
  await add('HEAT', 'D-H1', { district: 'DOV', dueDaysAgo: 1 });
  await add('HEAT', 'D-H2', { district: 'DOV', dueDaysAgo: -5, status: 'closed', completedDaysAgo: 1, satisfaction: 5 });
  await add('HEAT', 'D-H3', { district: 'DOV', dueDaysAgo: -3, status: 'closed', completedDaysAgo: 1, satisfaction: 4 });
  await ds.query(`UPDATE executors SET email = lower(code) || '@city.test' WHERE code IN ('WATER', 'HEAT')`);
}

beforeAll(async () => {
  smtpPort = await freePort();
  t = await startTestApp({ digests: { queue: { runNow: () => queue!.runNow() }, smtpConfigured: true, rankingTo: ['deputy@city.test'] } });
  supervisor = (await t.login({ role: 'supervisor' })).cookie;
  await seedRequests();
  await startNode();
}, 60_000);

/** The weeks of the attempts the service announced (main.ts sends them to the supervisors' sockets). */
const recorded: string[] = [];

/** A server node's job side: the queue, the schedule and the workers (a restart is a stop and a new node). */
async function startNode(): Promise<void> {
  jobs = await startJobs({ url: t.db.url, log, poolSize: 2 });
  nodes.push(jobs);
  queue = digestQueue(jobs.boss);
  const service = createDigestService({ dataSource: t.db.dataSource, mailer: createDigestMailer({ url: `smtp://127.0.0.1:${smtpPort}?ignoreTLS=true`, from: 'digest@city.test' }), rankingTo: ['deputy@city.test'], log,
    onRecorded: (week) => recorded.push(week) });
  await workDigestJobs(jobs.boss, service, log, { pollingIntervalSeconds: 0.5, retryDelaySeconds: 1, retryBackoff: false });
}
afterAll(async () => {
  for (const node of nodes) await node.stop().catch(() => undefined);
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

const digests = async () => body(await t.fetch('/api/digests', { cookie: supervisor }));
type Run = { kind: string; executorCode: string | null; status: string; error: string | null; tries: number };

describe('the weekly digest', () => {
  it('when the SMTP server is down, then the page says each digest was not sent; when it comes back, the retried jobs send them, although the node restarted in between', async () => {
    const run = await t.fetch('/api/digests/run', { method: 'POST', cookie: supervisor });
    expect(run.status).toBe(202);
    const failed = await eventually(async () => {
      const runs: Run[] = (await digests()).runs;
      return runs.length === 3 && runs.every((r) => r.status === 'failed') && runs;
    }, 'three failed digests', 20_000);
    expect(failed.map((r) => `${r.kind}:${r.executorCode ?? ''}`).sort()).toEqual(['executor:HEAT', 'executor:WATER', 'ranking:']);
    expect(failed[0].error).toMatch(/ECONNREFUSED|connect/i);
    expect(recorded.length).toBeGreaterThanOrEqual(3); // each recorded attempt is announced, failures too
    expect(received).toHaveLength(0);
    const [schedule] = await t.db.dataSource.query(`SELECT cron, timezone FROM pgboss.schedule WHERE name = 'digest-weekly'`);
    expect(schedule).toEqual({ cron: '0 8 * * 1', timezone: 'Europe/Kyiv' });

    // The node restarts while the digests wait for their retry; the SMTP server comes back meanwhile.
    await jobs.stop();
    await startSmtp();
    await startNode();
    const sent = await eventually(async () => {
      const runs: Run[] = (await digests()).runs;
      return runs.length === 3 && runs.every((r) => r.status === 'sent') && runs;
    }, 'the digests sent after the retry', 30_000);
    expect(sent.every((r) => r.tries >= 2)).toBe(true);
    const water = received.find((m) => m.to.includes('water@city.test'))!;
    for (const n of numbers.WATER) expect(water.text).toContain(n);
    for (const n of numbers.HEAT) expect(water.text).not.toContain(n);
    expect(water.text).toContain('overdue-WATER-');
    const ranking = received.find((m) => m.to.includes('deputy@city.test'))!;
    expect(ranking.text).toContain('ranking-');
    expect(received).toHaveLength(3);
  }, 60_000);

  it('when an executor has no address, then its digest is recorded as not sent, without retrying; two nodes send each digest once', async () => {
    await startNode();
    await t.db.dataSource.query(`UPDATE executors SET email = NULL WHERE code = 'HEAT'`);
    const set = await t.fetch(`/api/digests/executors/${(await t.db.dataSource.query(`SELECT id FROM executors WHERE code = 'HEAT'`))[0].id}/email`, { method: 'PUT', cookie: supervisor, json: { email: 'not-an-address' } });
    expect(set.status).toBe(400);
    const before = received.length;
    await t.fetch('/api/digests/run', { method: 'POST', cookie: supervisor });
    await eventually(async () => received.length >= before + 2, 'the water and ranking digests', 20_000);
    const heat = await eventually(async () => (await t.db.dataSource.query(
      `SELECT d.status, d.error FROM digest_runs d JOIN executors e ON e.id = d.executor_id WHERE e.code = 'HEAT' AND d.error LIKE 'no e-mail%'`))[0], 'HEAT recorded as not sent', 20_000);
    expect(heat.status).toBe('failed');
    // Retries come after 1 s here: none may follow a digest nobody can receive.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const [{ n }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM digest_runs d JOIN executors e ON e.id = d.executor_id WHERE e.code = 'HEAT' AND d.error LIKE 'no e-mail%'`);
    expect(n).toBe(1);
    expect(received.length).toBe(before + 2);
    expect((await digests()).late.find((e: { code: string }) => e.code === 'HEAT')).toMatchObject({ email: null, overdue: 1 });
  }, 60_000);

  it('when a supervisor downloads an executor\'s digest, then it is a workbook of that executor\'s overdue requests only', async () => {
    const [water] = await t.db.dataSource.query(`SELECT id FROM executors WHERE code = 'WATER'`);
    const res = await t.fetch(`/api/digests/executors/${water.id}.xlsx`, { cookie: supervisor });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const cells = wb.worksheets[0].getColumn(1).values.slice(2);
    expect(cells.sort()).toEqual([...numbers.WATER].sort());
    expect((await t.fetch('/api/digests/ranking.xlsx', { cookie: supervisor })).status).toBe(200);
  });
});

describe('the overdue monitor and the executors\' ratings', () => {
  it('when a supervisor opens the monitor, then today\'s overdue requests are counted by executor and by district', async () => {
    const res = await t.fetch('/api/overdue/summary', { cookie: supervisor });
    expect(res.status).toBe(200);
    const summary = await body(res);
    expect(summary.total).toBe(3);
    const byCode = Object.fromEntries(summary.byExecutor.map((e: { code: string }) => [e.code, e]));
    expect(byCode.WATER).toMatchObject({ overdue: 2, overWeek: 1, maxDays: 10 });
    expect(byCode.HEAT).toMatchObject({ overdue: 1, overWeek: 0 });
    const byDistrict = Object.fromEntries(summary.byDistrict.map((d: { district: string; overdue: number }) => [d.district, d.overdue]));
    expect(byDistrict).toEqual({ DOV: 2, ING: 1 });
  });

  it('when ratings are asked for a period, then each executor has % on time, % confirmed, satisfaction and reworks, sorted as asked', async () => {
    const res = await t.fetch('/api/ratings?sort=onTimePercent&order=desc', { cookie: supervisor });
    expect(res.status).toBe(200);
    const { items } = await body(res);
    const rated = items.filter((r: { code: string }) => ['WATER', 'HEAT'].includes(r.code));
    expect(rated.map((r: { code: string }) => r.code)).toEqual(['HEAT', 'WATER']);
    expect(rated[0]).toMatchObject({ requests: 3, onTimePercent: 66.7, confirmedPercent: 100, satisfaction: 4.5, reworks: 0, overdue: 1 });
    expect(rated[1]).toMatchObject({ requests: 3, onTimePercent: 0, confirmedPercent: 50, satisfaction: 2, reworks: 1, overdue: 2 });
    const csv = await t.fetch('/api/exports/ratings.csv?sort=reworks&order=desc', { cookie: supervisor });
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toContain('% вчасно закритих');
    expect(lines[1]).toMatch(/^WATER;/);
    expect((await t.fetch('/api/exports/ratings.xlsx', { cookie: supervisor })).status).toBe(200);
    expect((await t.fetch('/api/ratings?from=2026-05-02&to=2026-05-01', { cookie: supervisor })).status).toBe(400);
    expect((await t.fetch('/api/ratings?sort=nonsense', { cookie: supervisor })).status).toBe(400);
  });

  it('when an agent, an executor or an official asks for the monitor, the ratings or the digests, then 403; without a session 401', async () => {
    const [water] = await t.db.dataSource.query(`SELECT id FROM executors WHERE code = 'WATER'`);
    const paths = ['/api/overdue/summary', '/api/ratings', '/api/exports/ratings.csv', '/api/digests', `/api/digests/executors/${water.id}.xlsx`, '/api/digests/ranking.xlsx'];
    for (const role of [{ role: 'agent' as const }, { role: 'executor' as const, executor: 'WATER' }, { role: 'official' as const }]) {
      const { cookie } = await t.login(role);
      for (const path of paths) expect([path, (await t.fetch(path, { cookie })).status]).toEqual([path, 403]);
      expect((await t.fetch('/api/digests/run', { method: 'POST', cookie })).status).toBe(403);
      expect((await t.fetch(`/api/digests/executors/${water.id}/email`, { method: 'PUT', cookie, json: { email: 'x@city.test' } })).status).toBe(403);
    }
    for (const path of paths) expect((await t.fetch(path)).status).toBe(401);
  });
});
