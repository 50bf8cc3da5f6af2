import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoOutages } from '../../server/startup/demo-outages';
import { body } from '../setup/app';
import { eventually, startCallsTestbed, type CallsTestbed } from './calls-harness';

let bed: CallsTestbed;
let supervisor: { cookie: string };
let stop = () => {};

async function citizenAt(address: string, phone: string): Promise<void> {
  const [c] = await bed.t.db.dataSource.query('INSERT INTO citizens (full_name, address, district_code) VALUES ($1, $2, $3) RETURNING id', ['Мешканець', address, 'TSM']);
  await bed.t.db.dataSource.query('INSERT INTO citizen_phones (citizen_id, phone) VALUES ($1, $2)', [c.id, phone]);
}

beforeAll(async () => {
  bed = await startCallsTestbed({ queues: [{ name: 'hotline', members: ['PJSIP/1001', 'PJSIP/1002', 'PJSIP/1003'] }] });
  supervisor = await bed.t.login({ role: 'supervisor' });
  await citizenAt('проспект Поштовий, 5, кв. 1', '+380670000001');
  await citizenAt('проспект Поштовий, 61, кв. 1', '+380670000002');
  for (let i = 1; i <= 6; i++) await citizenAt(`вулиця Тбіліська, ${i * 2}, кв. ${i}`, `+38067000010${i}`);
  await bed.t.outages.ready;
});
afterAll(() => stop());

describe('the demo shows outages and spikes after npm start', () => {
  it('when the demo starts, then an outage is active with callers inside it, and a burst from one street raises a possible outage', async () => {
    const demo = await startDemoOutages({
      simulator: bed.sim, dataSource: bed.t.db.dataSource, queue: 'hotline', log: pino({ level: 'silent' }), outages: bed.t.outages,
      timing: { firstBurstMs: 50, gapMs: 200, everyMs: 3_600_000, talkMs: [200, 400] },
    });
    stop = demo.stop;
    expect(demo.insideOutage.map((c) => c.phone)).toEqual(['+380670000001']);
    const active = await body(await bed.t.fetch('/api/outages?active=true', { cookie: supervisor.cookie }));
    expect(active.items).toEqual([expect.objectContaining({ kind: 'water', addresses: [{ street: 'просп. Поштовий', buildings: '1-60' }] })]);
    const card = await body(await bed.t.fetch('/api/citizens?phone=%2B380670000001', { cookie: supervisor.cookie }));
    const full = await body(await bed.t.fetch(`/api/citizens/${card.items[0].id}/card`, { cookie: supervisor.cookie }));
    expect(full.outages.map((o: { id: number }) => o.id)).toEqual([active.items[0].id]);

    const suspected = await eventually(async () => {
      const { items } = await body(await bed.t.fetch('/api/outages/suspected', { cookie: supervisor.cookie }));
      return items.find((s: { street: string; calls: number }) => s.street === 'вулиця Тбіліська' && s.calls >= 5);
    }, 'a possible outage on вулиця Тбіліська', 30_000);
    expect(suspected).toMatchObject({ topicGroup: 'heating', buildings: expect.stringMatching(/^2-1[02]$/) });
  });
});
