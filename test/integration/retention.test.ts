import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuditService } from '../../server/audit/audit.service';
import { runRetention } from '../../server/retention/retention.service';
import { body, startTestApp } from '../setup/app';

/* eslint-disable @typescript-eslint/no-explicit-any */

const root = path.resolve(__dirname, '../..');

/** Issue 21 item 2: the daily retention run anonymises what expired, each citizen whole or not at all, and says what it did. */
describe('retention: the daily run anonymises expired citizens and deletes expired rows', async () => {
  const t = await startTestApp();
  const admin = await t.login({ role: 'admin' });
  const ds = t.db.dataSource;
  const sql = (q: string, args: unknown[] = []) => ds.query(q, args);
  const run = (trigger: 'manual' | 'schedule' = 'manual') => runRetention(ds, createAuditService(ds), { trigger });
  let seq = 0;

  /**
   * `n` citizens with a name, two phones and a flat, one request each (its description naming them) and one
   * call; the request closed and the call ended the given number of days ago.
   */
  async function citizens(n: number, o: { closedDaysAgo: number; callDaysAgo: number; status?: string; receivedDaysAgo?: number }): Promise<number[]> {
    const first = seq + 1;
    seq += n;
    const ids: number[] = (await sql(`
      INSERT INTO citizens (full_name, address, district_code, category)
      SELECT 'Ткачук' || i || ' Оксана', 'вул. Гетьманська, ' || i || ', кв. ' || (i + 7), 'SAK', 'war_veteran' FROM generate_series($1::int, $2::int) i
      RETURNING id`, [first, seq])).map((r: any) => r.id);
    await sql(`INSERT INTO citizen_phones (citizen_id, phone) SELECT id, '+38067' || lpad(id::text, 7, '0') FROM unnest($1::int[]) id
               UNION ALL SELECT id, '+38050' || lpad(id::text, 7, '0') FROM unnest($1::int[]) id`, [ids]);
    await sql(`
      INSERT INTO requests (number, received_at, source, topic_code, citizen_id, address, address_is_home, district_code, description, executor_id,
                            status, result, answer, closed_at, category)
      SELECT 'RT-' || c.id, now() - make_interval(days => $2 + 20), 'call', 'HS.06', c.id, c.address, true, 'SAK',
             'Тече дах, ' || c.address || '. ' || c.full_name || ' просить передзвонити на 067' || lpad(c.id::text, 7, '0'),
             (SELECT id FROM executors WHERE code = 'WATER'), $3::text, CASE WHEN $3::text = 'closed' THEN 'resolved' END, 'Дах полагоджено', now() - make_interval(days => $4), 'appeal'
        FROM citizens c WHERE c.id = ANY($1::int[])`, [ids, o.receivedDaysAgo ?? o.closedDaysAgo, o.status ?? 'closed', o.closedDaysAgo]);
    await sql(`
      INSERT INTO calls (id, caller_number, caller_name, citizen_id, queue, direction, queued_at, answered_at, ended_at, talk_seconds, outcome)
      SELECT 'call-' || c.id, '+38067' || lpad(c.id::text, 7, '0'), c.full_name, c.id, 'hotline', 'in',
             now() - make_interval(days => $2), now() - make_interval(days => $2), now() - make_interval(days => $2) + interval '90 seconds', 90, 'answered'
        FROM citizens c WHERE c.id = ANY($1::int[])`, [ids, o.callDaysAgo]);
    return ids;
  }
  const card = async (id: number) => (await sql(`
    SELECT c.full_name, c.address, c.district_code, c.category, (SELECT count(*)::int FROM citizen_phones p WHERE p.citizen_id = c.id) AS phones,
           r.topic_code, r.received_at, r.closed_at, r.executor_id, r.result, r.status, r.description, k.caller_number, k.queue, k.talk_seconds, k.outcome
      FROM citizens c JOIN requests r ON r.citizen_id = c.id JOIN calls k ON k.citizen_id = c.id WHERE c.id = $1`, [id]))[0];
  const YEAR = 365;

  it('when a citizen\'s every request and call has expired, then they lose name, phones and flat, and their requests keep topic, dates, executor and result', async () => {
    const [expired] = await citizens(1, { closedDaysAgo: 5 * YEAR + 30, callDaysAgo: 3 * YEAR + 30 });
    const [recentRequest] = await citizens(1, { closedDaysAgo: 4 * YEAR, callDaysAgo: 3 * YEAR + 30 });
    const [recentCall] = await citizens(1, { closedDaysAgo: 5 * YEAR + 30, callDaysAgo: 2 * YEAR });
    const before = { expired: await card(expired), recentRequest: await card(recentRequest), recentCall: await card(recentCall) };

    const outcome = await run();

    expect(outcome).toMatchObject({ ran: { status: 'done', anonymised: 1, held: 0, trigger: 'manual' } });
    const after = await card(expired);
    expect(after).toMatchObject({ full_name: null, phones: 0, caller_number: null, address: expect.stringContaining('Гетьманська') });
    expect(after.address).not.toMatch(/кв/);
    expect(after.description).not.toContain('Ткачук');
    expect(after.description).not.toContain(`067${String(expired).padStart(7, '0')}`);
    const kept = ['district_code', 'category', 'topic_code', 'received_at', 'closed_at', 'executor_id', 'result', 'status', 'queue', 'talk_seconds', 'outcome'];
    for (const k of kept) expect(after[k], k).toEqual(before.expired[k]);
    expect(await card(recentRequest)).toEqual(before.recentRequest);
    expect(await card(recentCall)).toEqual(before.recentCall);
    const lines = await sql('SELECT citizen_id, outcome, detail FROM retention_run_citizens WHERE run_id = $1', [(outcome as any).ran.id]);
    expect(lines).toEqual([{ citizen_id: expired, outcome: 'anonymised', detail: { changed: expect.objectContaining({ citizens: 1, phones: 2, calls: 1 }) } }]);
    const [audit] = await sql(`SELECT user_id, detail FROM audit_log WHERE action = 'anonymise' AND entity_id = $1`, [String(expired)]);
    expect(audit).toMatchObject({ user_id: null, detail: { reason: expect.stringContaining('retention') } });
  });

  it('when an expired citizen is under a legal hold, then the run skips them and records the hold\'s reason', async () => {
    const [stuck] = await citizens(1, { closedDaysAgo: 5 * YEAR + 30, callDaysAgo: 3 * YEAR + 30, status: 'in_progress', receivedDaysAgo: 5 * YEAR + 40 });
    const [registered] = await citizens(1, { closedDaysAgo: 5 * YEAR + 30, callDaysAgo: 3 * YEAR + 30 });
    const official = await t.login({ role: 'official' });
    const [c] = await sql(`INSERT INTO consultations (official_id, topic, starts_at, duration_minutes, capacity, room, pin, created_by)
                           VALUES ($1, 'Тарифи', now() + interval '3 days', 60, 20, '8123', '4321', $2) RETURNING id`, [official.user.id, admin.user.id]);
    await sql(`INSERT INTO consultation_participants (consultation_id, citizen_id, phone, question, position, registered_by) VALUES ($1, $2, '+380670000001', 'Про тарифи', 1, $3)`, [c.id, registered, admin.user.id]);

    const outcome: any = await run();

    expect(outcome.ran).toMatchObject({ status: 'done', anonymised: 0, held: 2 });
    const lines = await sql('SELECT citizen_id, outcome, detail FROM retention_run_citizens WHERE run_id = $1 ORDER BY citizen_id', [outcome.ran.id]);
    expect(lines).toEqual([
      { citizen_id: stuck, outcome: 'held', detail: { reason: expect.stringContaining(`RT-${stuck}`), holds: { requests: `RT-${stuck} (in_progress)` } } },
      { citizen_id: registered, outcome: 'held', detail: { reason: expect.stringContaining('consultations'), holds: { consultations: String(c.id) } } },
    ]);
    expect((await card(stuck)).full_name).not.toBeNull();
    expect((await card(registered)).phones).toBe(2);
  });

  it('when sessions, login failures and audit lines are past their periods, then only those are deleted, and the audit log outlives the longest period', async () => {
    const [user] = await sql(`SELECT id FROM users LIMIT 1`);
    await sql(`INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES (repeat('a', 64), $1, now() - interval '91 days', now() + interval '1 day'),
                                                                             (repeat('b', 64), $1, now() - interval '89 days', now() + interval '1 day')`, [user.id]);
    await sql(`INSERT INTO login_failures (username, source, failures, last_failed_at) VALUES ('old', '10.0.0.1', 3, now() - interval '91 days'), ('new', '10.0.0.1', 3, now() - interval '1 day')`);
    await sql(`INSERT INTO audit_log (at, action, entity) VALUES (now() - interval '5 years 10 days', 'read', 'old'), (now() - interval '4 years', 'read', 'kept')`);
    await sql(`INSERT INTO retention_settings (kind, keep, counted_from, basis) VALUES ('test_longest', '6 years', 'x', 'a longer period makes the audit log wait')`);

    const first: any = await run();
    expect(first.ran.deleted).toEqual({ sessions: 1, loginFailures: 1, auditLog: 0 });
    await sql(`DELETE FROM retention_settings WHERE kind = 'test_longest'`);
    const second: any = await run();
    expect(second.ran.deleted).toEqual({ sessions: 0, loginFailures: 0, auditLog: 1 });
    expect((await sql(`SELECT entity FROM audit_log WHERE entity IN ('old', 'kept')`)).map((r: any) => r.entity)).toEqual(['kept']);
    expect((await sql(`SELECT id FROM sessions WHERE user_id = $1 ORDER BY id`, [user.id])).map((r: any) => r.id[0])).toContain('b');
  });

  it('when a run is killed halfway, then every citizen is whole or untouched, and the next run finishes that run', async () => {
    const ids = await citizens(400, { closedDaysAgo: 5 * YEAR + 30, callDaysAgo: 3 * YEAR + 30 });
    const dir = await mkdtemp(path.join(tmpdir(), 'hc-retention-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', 'retention', 'run'], {
      cwd: root, env: { ...process.env, DATABASE_URL: t.db.url, DATA_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    const done = new Promise((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve) => child.stderr.on('data', (d) => {
      err += d;
      if ((err.match(/anonymised/g) ?? []).length >= 20) resolve();
    }));
    child.kill('SIGKILL');
    await done;
    await expect.poll(async () => (await sql(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'hromada-contact-cli'`))[0].n, { timeout: 10_000 }).toBe(0);

    const [interrupted] = await sql(`SELECT id, status, finished_at, anonymised FROM retention_runs WHERE trigger = 'cli'`);
    expect(interrupted).toMatchObject({ status: 'running', finished_at: null });
    expect(interrupted.anonymised).toBeGreaterThanOrEqual(20);
    expect(interrupted.anonymised).toBeLessThan(ids.length);
    const states = await sql(`
      SELECT c.id, c.full_name IS NULL AS anonymised, (SELECT count(*)::int FROM citizen_phones p WHERE p.citizen_id = c.id) AS phones,
             (SELECT caller_number IS NULL FROM calls WHERE citizen_id = c.id) AS call_cut, (SELECT description NOT LIKE '%Ткачук%' FROM requests WHERE citizen_id = c.id) AS text_cut,
             EXISTS (SELECT 1 FROM retention_run_citizens x WHERE x.citizen_id = c.id AND x.run_id = $2) AS recorded
        FROM citizens c WHERE c.id = ANY($1::int[])`, [ids, interrupted.id]);
    for (const s of states) {
      const whole = { anonymised: true, phones: 0, call_cut: true, text_cut: true, recorded: true };
      const untouched = { anonymised: false, phones: 2, call_cut: false, text_cut: false, recorded: false };
      expect([whole, untouched], `citizen ${s.id}`).toContainEqual({ anonymised: s.anonymised, phones: s.phones, call_cut: s.call_cut, text_cut: s.text_cut, recorded: s.recorded });
    }

    const next: any = await run('schedule');
    expect(next.ran).toMatchObject({ id: interrupted.id, status: 'done', resumed: 1, anonymised: ids.length });
    expect((await sql(`SELECT count(*)::int AS n FROM citizens WHERE id = ANY($1::int[]) AND full_name IS NOT NULL`, [ids]))[0].n).toBe(0);
  }, 120_000);

  it('when two runs start at once (two nodes), then one runs and the other is told it is busy', async () => {
    const outcomes = await Promise.all([run(), run()]);
    expect(outcomes.filter((o) => 'busy' in o)).toHaveLength(1);
    expect(outcomes.filter((o) => 'ran' in o)).toHaveLength(1);
  });

  it('when an admin opens the retention page, then the periods in force and the last runs are there; other roles get 403', async () => {
    const res = await t.fetch('/api/admin/retention', { cookie: admin.cookie });
    expect(res.status).toBe(200);
    const page = await body(res);
    expect(page.settings).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'requests', keep: '5 years', keepDays: 1826 }),
      expect.objectContaining({ kind: 'calls', keep: '3 years' }),
      expect.objectContaining({ kind: 'sessions', keep: '90 days', keepDays: 90 }),
      expect.objectContaining({ kind: 'audit_log', keepDaysInForce: 1826 }),
    ]));
    expect(page.runs[0]).toMatchObject({ status: 'done', cutoffs: expect.objectContaining({ requests: expect.any(String) }) });
    const detail = await body(await t.fetch(`/api/admin/retention/runs/${page.runs.at(-1).id}`, { cookie: admin.cookie }));
    expect(detail.citizens.length).toBeGreaterThan(0);
    expect((await t.fetch('/api/admin/retention/runs/999999', { cookie: admin.cookie })).status).toBe(404);
    expect((await body(await t.fetch('/api/admin/retention?limit=0', { cookie: admin.cookie }))).error).toMatchObject({ code: 'invalid_input', fields: { limit: expect.any(String) } });
    expect(await body(await t.fetch('/api/admin/retention/run', { method: 'POST', cookie: admin.cookie }))).toMatchObject({ error: { code: 'jobs_unavailable' } });
    const supervisor = await t.login({ role: 'supervisor' });
    expect((await t.fetch('/api/admin/retention', { cookie: supervisor.cookie })).status).toBe(403);
    expect((await t.fetch('/api/admin/retention/run', { method: 'POST', cookie: supervisor.cookie })).status).toBe(403);
  });
});
