import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createAgentDirectory } from '../../server/agents/agent-directory';
import { createCallLog } from '../../server/calls/call-log';
import { MAX_CALL_SECONDS } from '../../telephony';
import { useTestDatabase } from '../setup/database';

/**
 * The call log in PostgreSQL against durations no call can have. They reach it from the telephony layer (which
 * clamps what it publishes) and from the server's own estimates after a resync; the log holds either to a day.
 */
describe('the call log and absurd durations', async () => {
  const db = await useTestDatabase();
  const warnings: { msg: string; field?: string; value?: number }[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
  const callLog = createCallLog(db.dataSource, createAgentDirectory(db.dataSource, log, 3_600_000), log);

  it('when a call is answered after 2,147,483,647 s on hold and ends after as long a talk, then a day of each is stored, and each is logged', async () => {
    const at = new Date().toISOString();
    const callId = 'absurd.1';
    await callLog.apply({ name: 'call:queued', callId, channelId: callId, queue: 'support', position: 1, callerNumber: '0671234567', callerName: '', at });
    await callLog.apply({ name: 'call:answered', callId, queue: 'support', interface: 'PJSIP/1001', memberName: 'A', holdSeconds: 2_147_483_647, ringSeconds: 3, at });
    await callLog.apply({ name: 'call:ended', callId, queue: 'support', interface: 'PJSIP/1001', hangupBy: 'caller', holdSeconds: 2_147_483_647, talkSeconds: 2_147_483_647, at });
    const [row] = await db.dataSource.query('SELECT hold_seconds, talk_seconds, ended_at FROM calls WHERE id = $1', [callId]);
    expect(row).toMatchObject({ hold_seconds: MAX_CALL_SECONDS, talk_seconds: MAX_CALL_SECONDS });
    expect(row.ended_at).not.toBeNull();
    const clamped = warnings.filter((w) => w.msg === 'absurd call duration clamped before the call log');
    expect(clamped.map((w) => w.field).sort()).toEqual(['holdSeconds', 'holdSeconds', 'talkSeconds']);
    expect(clamped.every((w) => w.value === 2_147_483_647)).toBe(true);
  });
});
