import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/setup/database';
import type { AgentGridRow } from '../realtime/contract';
import { createAgentStateRecorder } from './agent-states';

const row = (userId: number, state: AgentGridRow['state'], pausedReason: string | null = null): AgentGridRow => ({
  userId, name: `agent ${userId}`, interface: `PJSIP/${1000 + userId}`, state, since: '2026-12-07T10:00:00.000Z', pausedReason, call: null,
  answeredToday: 0, averageHandleSeconds: null,
});

describe('the agents\' state log, written from the supervisors\' grid', async () => {
  const { dataSource } = await useTestDatabase();
  const users: number[] = (await dataSource.query(
    `INSERT INTO users (username, full_name, role, interface, password_hash, active)
     SELECT 'states' || i, 'Agent ' || i, 'agent', 'PJSIP/' || (2000 + i), 'x', true FROM generate_series(1, 4) i RETURNING id`,
  )).map((r: { id: number }) => r.id);
  const [a, b, c, gone] = users as [number, number, number, number];
  const intervals = async () =>
    (await dataSource.query(
      `SELECT user_id AS "userId", state, reason, started_at AS "startedAt", ended_at AS "endedAt" FROM agent_states WHERE user_id = ANY($1) ORDER BY user_id, started_at`,
      [users],
    )) as { userId: number; state: string; reason: string | null; startedAt: Date; endedAt: Date | null }[];
  const t0 = new Date('2026-12-07T10:00:00.000Z');
  const t1 = new Date('2026-12-07T10:00:05.000Z');
  const t2 = new Date('2026-12-07T10:00:09.000Z');

  it('when several agents change in one grid, then each change closes that agent\'s open interval and opens the next, one open interval each', async () => {
    const recorder = createAgentStateRecorder(dataSource, pino({ level: 'silent' }));
    recorder.observe([row(a, 'available'), row(b, 'available'), row(c, 'paused', 'lunch')], t0);
    // b unchanged; a rings; c back from lunch; a row repeated in one grid counts once (its last state).
    recorder.observe([row(a, 'ringing'), row(b, 'available'), row(c, 'available'), row(c, 'in_call')], t1);
    recorder.observe([row(a, 'ringing'), row(b, 'available'), row(c, 'in_call')], t2);
    await recorder.idle();
    const rows = await intervals();
    const of = (userId: number) => rows.filter((r) => r.userId === userId).map((r) => [r.state, r.reason, r.startedAt.toISOString(), r.endedAt?.toISOString() ?? null]);
    expect(of(a)).toEqual([['available', null, t0.toISOString(), t1.toISOString()], ['ringing', null, t1.toISOString(), null]]);
    expect(of(b)).toEqual([['available', null, t0.toISOString(), null]]);
    expect(of(c)).toEqual([['paused', 'lunch', t0.toISOString(), t1.toISOString()], ['in_call', null, t1.toISOString(), null]]);
  });

  it('when one agent of a grid can no longer be written (deleted meanwhile), then the others\' changes are still recorded', async () => {
    await dataSource.query('DELETE FROM agent_states WHERE user_id = ANY($1)', [users]);
    const recorder = createAgentStateRecorder(dataSource, pino({ level: 'silent' }));
    recorder.observe([row(a, 'available'), row(gone, 'available')], t0);
    await recorder.idle();
    await dataSource.query('DELETE FROM users WHERE id = $1', [gone]);
    recorder.observe([row(a, 'in_call'), row(gone, 'paused', 'break'), row(b, 'paused', 'break')], t1);
    await recorder.idle();
    const rows = await intervals();
    expect(rows.filter((r) => r.userId === a).map((r) => r.state)).toEqual(['available', 'in_call']);
    expect(rows.filter((r) => r.userId === b).map((r) => [r.state, r.reason])).toEqual([['paused', 'break']]);
    expect(rows.filter((r) => r.userId === gone)).toEqual([]);
  });
});
