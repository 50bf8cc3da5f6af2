import { beforeAll, describe, expect, it } from 'vitest';
import { body } from '../setup/app';
import { eventually, startCallsTestbed, type CallsTestbed, type Console } from './calls-harness';
import { insertHistory } from '../../server/staffing/demo-history';
import { kyivDayOf, addDays } from '../../server/staffing/half-hours';

let bed: CallsTestbed;
let console1: Console;
let supervisor: { cookie: string };
let agent: { user: { id: number } ; cookie: string };

beforeAll(async () => {
  bed = await startCallsTestbed({ agents: 2 });
  agent = await bed.t.login({ role: 'agent', interface: 'PJSIP/1001', fullName: 'Олена Коваль' });
  supervisor = await bed.t.login({ role: 'supervisor' });
  console1 = await bed.open(agent.cookie);
});

type Row = { userId: number | null; name: string; loggedInSeconds: number; handlingSeconds: number; availableSeconds: number; pausedSeconds: number; pausedByReason: Record<string, number>; shrinkagePercent: number | null };

const period = () => `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;

describe('occupancy and shrinkage from the agents\' states', () => {
  it('when an agent takes a call and pauses for lunch, then the period shows handling, the lunch pause and the shrinkage', async () => {
    // The log follows the supervisors' grid (coalesced every 150 ms): each state is held until the grid has shown it.
    const wall = await bed.open(supervisor.cookie);
    const gridShows = (state: string) => wall.next('agents:grid', (g) => g.agents.some((a: { userId: number; state: string }) => a.userId === agent.user.id && a.state === state));
    const placed = bed.sim.placeCall({ from: '+380671112233', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 50, talkMs: 60_000 });
    await console1.next('call:answered', (c) => c.callId === placed.callId);
    await gridShows('in_call');
    bed.sim.hangup(placed.channel);
    await console1.next('call:ended', (c) => c.callId === placed.callId);
    await bed.t.fetch(`/api/calls/${encodeURIComponent(placed.callId)}/wrap-up`, { method: 'POST', cookie: agent.cookie, json: { kind: 'consultation', topicCode: 'HS.11' } });
    expect(await console1.socket.timeout(5000).emitWithAck('agent:pause', { paused: true, reason: 'lunch' })).toEqual({ ok: true });
    await console1.next('agent:snapshot', (s) => s.state === 'paused');
    await gridShows('paused');
    expect(await console1.socket.timeout(5000).emitWithAck('agent:pause', { paused: false })).toEqual({ ok: true });
    await console1.next('agent:snapshot', (s) => s.state === 'available');
    const mine = await eventually(async () => {
      const data = await body(await bed.t.fetch(`/api/staffing/occupancy?${period()}`, { cookie: supervisor.cookie }));
      const row = data.agents?.find((a: Row) => a.userId === agent.user.id);
      return row && row.pausedByReason.lunch > 0 && row.handlingSeconds > 0 && row.availableSeconds > 0 ? { row, team: data.team } : null;
    }, 'the lunch pause and the call in the state log');
    expect(mine.row.name).toBe('Олена Коваль');
    expect(mine.row.shrinkagePercent).toBeGreaterThan(0);
    expect(mine.row.loggedInSeconds).toBeGreaterThanOrEqual(mine.row.handlingSeconds + mine.row.availableSeconds + mine.row.pausedSeconds - 0.2);
    expect(mine.team.pausedByReason.lunch).toBeGreaterThanOrEqual(mine.row.pausedByReason.lunch);
  });

  it('when the forecast is asked without a shrinkage, then it uses the one measured from the pauses of the last four weeks', async () => {
    const today = kyivDayOf(new Date());
    await insertHistory(bed.t.db.dataSource, { queue: 'support', from: addDays(today, -14), to: addDays(today, -1), peakPerHalfHour: 10, patienceSeconds: 100, talkSeconds: 150, wrapUpSeconds: 30, seed: 5 });
    const data = await body(await bed.t.fetch('/api/staffing/forecast?queue=support&days=1', { cookie: supervisor.cookie }));
    const now = await body(await bed.t.fetch(`/api/staffing/occupancy?from=${new Date(Date.now() - 28 * 86_400_000).toISOString()}&to=${new Date().toISOString()}`, { cookie: supervisor.cookie }));
    expect(data.shrinkageSource).toBe('measured');
    expect(data.shrinkagePercent).toBeGreaterThan(0);
    expect(Math.abs(data.shrinkagePercent - now.team.shrinkagePercent)).toBeLessThan(5);
    const given = await body(await bed.t.fetch('/api/staffing/forecast?queue=support&days=1&shrinkagePercent=30', { cookie: supervisor.cookie }));
    expect(given).toMatchObject({ shrinkagePercent: 30, shrinkageSource: 'given' });
  });

  it('when exported, then CSV with a column per pause reason and the team last; bad periods are 400, agents 403', async () => {
    const res = await bed.t.fetch(`/api/staffing/occupancy?${period()}&format=csv`, { cookie: supervisor.cookie });
    expect(res.status).toBe(200);
    const text = await res.text();
    const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toContain('paused_lunch_s');
    expect(lines.at(-1)).toMatch(/^team;/);
    expect((await bed.t.fetch('/api/staffing/occupancy?from=2026-12-08&to=2026-12-01', { cookie: supervisor.cookie })).status).toBe(400);
    expect((await bed.t.fetch('/api/staffing/occupancy?from=yesterday&to=2026-12-01', { cookie: supervisor.cookie })).status).toBe(400);
    expect((await bed.t.fetch(`/api/staffing/occupancy?${period()}`, { cookie: agent.cookie })).status).toBe(403);
  });
});
