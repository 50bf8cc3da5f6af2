import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test/fixtures/ami/harness';
import { waitFor } from '../../test/fixtures/ami/wait';
import { errorHandler } from './errors';
import { fromPbxError } from './pbx-errors';

/**
 * The error handler with a route that hands a client's value to the PBX over real AMI (the simulator): the
 * AMI layer refuses a value with a line break, and the client gets a 400 naming the field, not a 500.
 */
describe('PBX errors over HTTP', () => {
  let h: Harness;
  let base = '';
  let close = () => {};
  beforeAll(async () => {
    h = await startHarness({ agents: 1 });
    await waitFor(() => h.telephony.status().state === 'connected', 'connected');
    const app = express();
    app.use(express.json());
    app.post('/pause', async (req, res) => {
      await h.telephony.pause(String(req.body.interface), true, String(req.body.reason));
      res.status(204).end();
    });
    app.use(errorHandler({ log: pino({ level: 'silent' }), fromDependency: fromPbxError }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(async () => {
    close();
    await h.stop();
  });
  const pause = (json: object) => fetch(`${base}/pause`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });

  it('when a value holds CR/LF, then 400 invalid_input naming the AMI field; a clean one goes through; a PBX refusal is 409', async () => {
    const injected = await pause({ interface: 'PJSIP/1001', reason: 'break\r\nAction: Originate' });
    expect(injected.status).toBe(400);
    expect(await injected.json()).toMatchObject({ error: { code: 'invalid_input', fields: { Reason: 'contains a line break or NUL' } } });
    expect((await pause({ interface: 'PJSIP/1001', reason: 'break' })).status).toBe(204);
    const refused = await pause({ interface: 'PJSIP/9999', reason: 'break' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('pbx_refused');
  });

  it('when the PBX link is down, then 503 telephony_unavailable', async () => {
    h.sim.setOffline(true);
    try {
      await waitFor(() => h.telephony.status().state !== 'connected', 'the link down');
      const res = await pause({ interface: 'PJSIP/1001', reason: 'break' });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('telephony_unavailable');
    } finally {
      h.sim.setOffline(false);
    }
  });
});
