import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { DEMO_REPEAT_CALLERS, maybeRepeatCaller } from '../../server/seed/demo-notices';
import { seedDemo } from '../../server/seed/demo';
import { body, startTestApp } from '../setup/app';

/** Issue 25, item 6: after `npm start` the demo shows notices, a repeat caller and one already escalated. */
describe('the demo: notices and repeat callers', async () => {
  const t = await startTestApp();
  await seedDemo(t.db.dataSource, { size: { citizens: 30, requests: 120, years: 1 }, log: pino({ level: 'silent' }) });
  const agent = await t.login({ role: 'agent' });
  const supervisor = await t.login({ role: 'supervisor' });

  it('when the demo is seeded, then agents have notices of every kind in force', async () => {
    const { items } = await body(await t.fetch('/api/notices?active=true', { cookie: agent.cookie }));
    expect(new Set(items.map((n: { kind: string }) => n.kind))).toEqual(new Set(['news', 'legislation', 'problem', 'script']));
  });

  it("when the demo's repeat caller rings, then their card says they called twice about their lift and shows the lift script and their district's notice", async () => {
    const [first, second] = DEMO_REPEAT_CALLERS;
    const [{ id }] = await t.db.dataSource.query('SELECT citizen_id AS id FROM citizen_phones WHERE phone = $1', [first.phone]);
    const card = await body(await t.fetch(`/api/citizens/${id}/card`, { cookie: agent.cookie }));
    expect(card.escalation).toMatchObject({ calls: 2, marked: false });
    expect(card.notices.map((n: { title: string }) => n.title)).toEqual(expect.arrayContaining(['Що казати про несправний ліфт', expect.stringContaining('Центрально-Міському')]));
    const listed = (await body(await t.fetch('/api/escalations', { cookie: supervisor.cookie }))).items;
    const [{ id: secondId }] = await t.db.dataSource.query('SELECT citizen_id AS id FROM citizen_phones WHERE phone = $1', [second.phone]);
    const secondCard = await body(await t.fetch(`/api/citizens/${secondId}/card`, { cookie: agent.cookie }));
    expect(listed).toEqual([expect.objectContaining({ requestId: secondCard.escalation.requestId, reason: 'repeat_calls', calls: 3 })]);
  });

  it('when the simulator picks a caller, then about one in ten is a repeat caller', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const picks = Array.from({ length: 2000 }, () => maybeRepeatCaller(random)).filter(Boolean);
    expect(picks.length).toBeGreaterThan(140);
    expect(picks.length).toBeLessThan(260);
    expect(new Set(picks.map((p) => p!.phone))).toEqual(new Set(DEMO_REPEAT_CALLERS.map((c) => c.phone)));
  });
});
