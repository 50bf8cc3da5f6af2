import { describe, expect, it } from 'vitest';
import { StructuredTimeline1767225607000 } from '../../db/migrations/1767225607000-StructuredTimeline';
import { startTestApp } from '../setup/app';

/* eslint-disable @typescript-eslint/no-explicit-any */
const HOUR = 3_600_000;

describe('requests: the timeline records what happened, as a kind and its parameters', async () => {
  const t = await startTestApp();
  const agent = await t.login({ role: 'agent' });
  const supervisor = await t.login({ role: 'supervisor' });
  const water = await t.login({ role: 'executor', executor: 'WATER' });
  let seq = 0;
  const json = async (res: Response): Promise<any> => res.json();

  async function register(over: Record<string, unknown> = {}): Promise<any> {
    seq++;
    const res = await t.fetch('/api/requests', {
      method: 'POST', cookie: agent.cookie,
      json: { citizen: { fullName: `Ткаченко Оксана ${seq}`, phone: `050 666 ${String(seq).padStart(4, '0')}` },
        topicCode: 'HS.11', description: `Немає води ${seq}`, source: 'call', ...over },
    });
    expect(res.status).toBe(201);
    return res.json();
  }
  const act = (id: number, cookie: string, body: Record<string, unknown>) =>
    t.fetch(`/api/requests/${id}/transitions`, { method: 'POST', cookie, json: body });
  const timeline = async (id: number): Promise<any[]> => (await json(await t.fetch(`/api/requests/${id}`, { cookie: supervisor.cookie }))).timeline;
  // Told after the request came in, so now: the notice cannot predate the request.
  const phonedAt = () => new Date().toISOString();

  it('when a supervisor extends the term without saying how the applicant was told, then nobody is recorded as notified', async () => {
    const r = await register();
    expect((await act(r.id, supervisor.cookie, { action: 'extend', days: 5, reason: 'Обстеження мережі' })).status).toBe(200);
    const lines = await timeline(r.id);
    expect(lines.at(-1)).toMatchObject({ action: 'extend', comment: 'Обстеження мережі', details: { days: 5, dueAt: expect.any(String) } });
    expect(lines.map((e) => e.action)).not.toContain('applicant_notified');
  });

  it('when a supervisor extends and says the applicant was phoned, then the notice is a line with the channel, the time and the new term, and no text', async () => {
    const r = await register();
    const at = phonedAt();
    const after = await json(await act(r.id, supervisor.cookie, { action: 'extend', days: 5, reason: 'Обстеження', notice: { channel: 'phone', at } }));
    const lines = await timeline(r.id);
    expect(lines.slice(-2).map((e) => e.action)).toEqual(['extend', 'applicant_notified']);
    expect(lines.at(-1)).toMatchObject({ comment: null, actor: { id: supervisor.user.id }, details: { notice: 'extension', channel: 'phone', notifiedAt: at, dueAt: after.dueAt } });
  });

  it('when a supervisor approves an ask and says a letter was sent, then the notice follows the approval; without it, none', async () => {
    const asked = async () => {
      const r = await register();
      expect((await act(r.id, water.cookie, { action: 'extend', days: 7, reason: 'Чекаємо арматуру' })).status).toBe(200);
      return r;
    };
    const withNotice = await asked();
    const at = phonedAt();
    expect((await act(withNotice.id, supervisor.cookie, { action: 'approve_extension', notice: { channel: 'letter', at } })).status).toBe(200);
    const lines = await timeline(withNotice.id);
    expect(lines.slice(-2).map((e) => e.action)).toEqual(['extension_approved', 'applicant_notified']);
    expect(lines.at(-1).details).toMatchObject({ channel: 'letter', notifiedAt: at });

    const silent = await asked();
    expect((await act(silent.id, supervisor.cookie, { action: 'approve_extension' })).status).toBe(200);
    expect((await timeline(silent.id)).map((e) => e.action)).not.toContain('applicant_notified');
  });

  it('when a notice is given where it cannot be true, then 400 on notice and nothing changes', async () => {
    const r = await register();
    const cases: [string, Record<string, unknown>][] = [
      [water.cookie, { action: 'extend', days: 3, reason: 'ще', notice: { channel: 'phone', at: phonedAt() } }],
      [supervisor.cookie, { action: 'extend', days: 3, reason: 'ще', notice: { channel: 'phone', at: new Date(Date.now() + 24 * HOUR).toISOString() } }],
      [supervisor.cookie, { action: 'extend', days: 3, reason: 'ще', notice: { channel: 'pigeon', at: phonedAt() } }],
      [supervisor.cookie, { action: 'extend', days: 3, reason: 'ще', notice: { channel: 'phone', at: new Date(Date.parse(r.receivedAt) - 24 * HOUR).toISOString() } }],
    ];
    for (const [cookie, body] of cases) {
      const res = await act(r.id, cookie, body);
      expect(res.status).toBe(400);
      expect(Object.keys((await json(res)).error.fields ?? {}).join()).toMatch(/notice/);
    }
    const anonymous = await register({ citizen: undefined, subject: 'anonymous' });
    const res = await act(anonymous.id, supervisor.cookie, { action: 'extend', days: 3, reason: 'ще', notice: { channel: 'sms', at: phonedAt() } });
    expect(res.status).toBe(400);
    expect((await json(res)).error.fields).toHaveProperty('notice');
    expect((await timeline(anonymous.id)).map((e) => e.action)).toEqual(['registered', 'assign']);
  });

  it('when a request is registered and routed, then the assign line names the executor', async () => {
    const r = await register();
    const lines = await timeline(r.id);
    expect(lines[1]).toMatchObject({ action: 'assign', details: { by: 'routing', executorId: r.executor.id, executorName: r.executor.name } });
  });

  it('when lines were stored as English sentences, then the migration turns them into kinds, and down restores them', async () => {
    const r = await register();
    const anonymous = await register({ citizen: undefined, subject: 'anonymous' });
    const due = '2026-12-06T01:10:45.022Z';
    const insert = (id: number, comment: string) => t.db.dataSource.query(
      `INSERT INTO request_events (request_id, action, comment, data) VALUES ($1, 'applicant_notified', $2, $3) RETURNING id::int`,
      [id, comment, { notice: 'extension', dueAt: due, reason: 'Обстеження' }],
    );
    const [[informed], [nobody]] = [await insert(r.id, `applicant informed: term extended to ${due}`), await insert(anonymous.id, 'anonymous appeal: no applicant to inform')];
    const rows = () => t.db.dataSource.query('SELECT action, comment FROM request_events WHERE id = ANY($1) ORDER BY id', [[informed.id, nobody.id]]);
    const runner = t.db.dataSource.createQueryRunner();
    try {
      await new StructuredTimeline1767225607000().up(runner);
      expect(await rows()).toEqual([{ action: 'applicant_notice_unrecorded', comment: null }, { action: 'no_applicant_to_inform', comment: null }]);
      expect((await timeline(r.id)).at(-1)).toMatchObject({ action: 'applicant_notice_unrecorded', details: { dueAt: due } });
      await new StructuredTimeline1767225607000().down(runner);
      expect(await rows()).toEqual([
        { action: 'applicant_notified', comment: `applicant informed: term extended to ${due}` },
        { action: 'applicant_notified', comment: 'anonymous appeal: no applicant to inform' },
      ]);
    } finally {
      await runner.release();
    }
  });
});
