import { describe, expect, it } from 'vitest';
import { body } from '../setup/app';
import { startCallsTestbed } from './calls-harness';

const thresholds = { waitingAmber: 3, waitingRed: 6, longestWaitAmber: 30, longestWaitRed: 60, serviceLevelAmber: 80, serviceLevelRed: 60 };

describe('a queue\'s name for people', async () => {
  const bed = await startCallsTestbed({ queues: [{ name: 'hotline', members: ['PJSIP/1001'] }] });
  const { cookie } = await bed.t.login({ role: 'supervisor' });
  const put = (json: object) => bed.t.fetch('/api/supervisor/queues/hotline/settings', { method: 'PUT', cookie, json: { serviceLevelSeconds: 20, thresholds, ...json } });
  const settings = async () => (await body(await bed.t.fetch('/api/supervisor/queues/settings', { cookie }))).queues.find((q: { queue: string }) => q.queue === 'hotline');

  it('when a queue was never named, then its display name is null (the console shows the PBX\'s name)', async () => {
    expect(await settings()).toMatchObject({ queue: 'hotline', displayName: null });
  });

  it('when a supervisor names it, then every console gets the name; settings saved without one keep it; null clears it', async () => {
    expect((await put({ displayName: '  Гаряча лінія ' })).status).toBe(200);
    expect(await settings()).toMatchObject({ displayName: 'Гаряча лінія' });
    const live = await body(await bed.t.fetch('/api/supervisor/live', { cookie }));
    expect(live.queues.find((q: { name: string }) => q.name === 'hotline').settings.displayName).toBe('Гаряча лінія');

    expect((await put({ serviceLevelSeconds: 30 })).status).toBe(200);
    expect(await settings()).toMatchObject({ serviceLevelSeconds: 30, displayName: 'Гаряча лінія' });

    expect((await put({ displayName: null })).status).toBe(200);
    expect(await settings()).toMatchObject({ displayName: null });
  });

  it('when the name is too long, then it is refused with a reason and nothing changes', async () => {
    const res = await put({ displayName: 'я'.repeat(81) });
    expect(res.status).toBe(400);
    expect((await body(res)).error).toMatchObject({ code: 'invalid_input', fields: { displayName: expect.any(String) }, reasons: { displayName: { code: 'too_long', max: 80 } } });
    expect(await settings()).toMatchObject({ displayName: null });
  });
});
