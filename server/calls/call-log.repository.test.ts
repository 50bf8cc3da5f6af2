import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/setup/database';
import { closeVanished, upsertCall } from './call-log.repository';

describe('closing the calls a resync no longer sees', async () => {
  const { dataSource } = await useTestDatabase();
  const open = async (id: string) => (await dataSource.query('SELECT ended_at FROM calls WHERE id = $1', [id]))[0].ended_at === null;

  it('when a call began after the PBX picture was taken, then it is not closed as vanished (it was simply not in the picture yet)', async () => {
    const seenBy = '2026-12-07T10:00:00.000Z';
    await upsertCall(dataSource, { id: 'gone-before', callerNumber: '+380671110001', queue: 'support', queuedAt: '2026-12-07T09:59:00.000Z' });
    await upsertCall(dataSource, { id: 'new-after', callerNumber: '+380671110002', queue: 'support', queuedAt: '2026-12-07T10:00:00.200Z' });
    expect(await closeVanished(dataSource, [], '2026-12-07T09:59:30.000Z', null, seenBy)).toBe(1);
    expect(await open('gone-before')).toBe(false);
    expect(await open('new-after')).toBe(true);
  });
});
