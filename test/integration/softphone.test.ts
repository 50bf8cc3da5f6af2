import { describe, expect, it } from 'vitest';
import { body, startTestApp } from '../setup/app';
import { startCallsTestbed, waitFor } from './calls-harness';

const SIP = { wsUrl: 'wss://pbx.city.example:8089/ws', domain: 'pbx.city.example', iceServers: [{ urls: 'stun:stun.city.example:3478' }], passwordKey: 'test-sip-key' };

describe('softphone credentials (issue 24, item 2)', () => {
  it('when the admin sets an agent’s SIP password, then it is stored encrypted, never listed, and only that agent’s console receives it', async () => {
    const t = await startTestApp({ softphone: SIP });
    const admin = await t.login({ role: 'admin' });
    const agent = await t.login({ role: 'agent', interface: 'PJSIP/1101', fullName: 'Оксана' });
    const other = await t.login({ role: 'agent', interface: 'PJSIP/1102' });

    const set = await t.fetch(`/api/users/${agent.user.id}/sip-password`, { method: 'PUT', cookie: admin.cookie, json: { password: 'Secret-1101!' } });
    expect(set.status).toBe(200);
    expect(await body(set)).toEqual({ userId: agent.user.id, softphone: true, generated: null });
    const [row] = await t.db.dataSource.query('SELECT sip_password_enc FROM users WHERE id = $1', [agent.user.id]);
    expect(row.sip_password_enc).toMatch(/^v1:/);
    expect(row.sip_password_enc).not.toContain('Secret-1101!');

    const list = await (await t.fetch('/api/users?q=1101', { cookie: admin.cookie })).text();
    expect(list).toContain('"softphone":true');
    expect(list).not.toContain('Secret-1101!');

    const mine = await t.fetch('/api/phone/credentials', { cookie: agent.cookie });
    expect(mine.headers.get('cache-control')).toBe('no-store');
    expect(await body(mine)).toEqual({
      phone: { wsUrl: SIP.wsUrl, uri: 'sip:1101@pbx.city.example', authorizationUser: '1101', password: 'Secret-1101!', displayName: 'Оксана', interface: 'PJSIP/1101', iceServers: SIP.iceServers },
      reason: null,
    });
    // A colleague gets their own answer (no password set), never the agent's.
    expect(await body(await t.fetch('/api/phone/credentials', { cookie: other.cookie }))).toEqual({ phone: null, reason: 'no_password' });

    const [audit] = await t.db.dataSource.query(`SELECT detail::text AS detail FROM audit_log WHERE action = 'sip_password_set' AND entity_id = $1`, [String(agent.user.id)]);
    expect(audit.detail).toContain('PJSIP/1101');
    expect(audit.detail).not.toContain('Secret-1101!');
  });

  it('when the admin lets the server generate it, then it is given once and the console registers with it; clearing it removes the phone', async () => {
    const t = await startTestApp({ softphone: SIP });
    const admin = await t.login({ role: 'admin' });
    const official = await t.login({ role: 'official', interface: 'PJSIP/1201' });
    const made = await body(await t.fetch(`/api/users/${official.user.id}/sip-password`, { method: 'PUT', cookie: admin.cookie, json: {} }));
    expect(made.generated).toMatch(/^[\w-]{20,}$/);
    expect((await body(await t.fetch('/api/phone/credentials', { cookie: official.cookie }))).phone.password).toBe(made.generated);

    expect((await t.fetch(`/api/users/${official.user.id}/sip-password`, { method: 'DELETE', cookie: admin.cookie })).status).toBe(200);
    expect(await body(await t.fetch('/api/phone/credentials', { cookie: official.cookie }))).toEqual({ phone: null, reason: 'no_password' });
  });

  it('when the input is bad or the caller is not an admin, then a clear error and nothing stored', async () => {
    const t = await startTestApp({ softphone: SIP });
    const admin = await t.login({ role: 'admin' });
    const agent = await t.login({ role: 'agent', interface: 'PJSIP/1101' });
    const noDesk = await t.login({ role: 'supervisor' });
    const stored = async () => (await t.db.dataSource.query('SELECT sip_password_enc FROM users WHERE id = $1', [agent.user.id]))[0].sip_password_enc;

    const spaced = await t.fetch(`/api/users/${agent.user.id}/sip-password`, { method: 'PUT', cookie: admin.cookie, json: { password: 'has a space' } });
    expect(spaced.status).toBe(400);
    expect((await body(spaced)).error).toMatchObject({ code: 'invalid_input', fields: { password: expect.any(String) } });
    const extra = await t.fetch(`/api/users/${agent.user.id}/sip-password`, { method: 'PUT', cookie: admin.cookie, json: { password: 'abcdefgh', show: true } });
    expect(extra.status).toBe(400);
    const byAgent = await t.fetch(`/api/users/${agent.user.id}/sip-password`, { method: 'PUT', cookie: agent.cookie, json: { password: 'abcdefgh1' } });
    expect(byAgent.status).toBe(403);
    expect(await stored()).toBeNull();

    const noInterface = await t.fetch(`/api/users/${noDesk.user.id}/sip-password`, { method: 'PUT', cookie: admin.cookie, json: {} });
    expect(noInterface.status).toBe(409);
    expect((await body(noInterface)).error.code).toBe('no_interface');
    expect((await t.fetch('/api/users/999999/sip-password', { method: 'PUT', cookie: admin.cookie, json: {} })).status).toBe(404);
    expect((await t.fetch('/api/phone/credentials')).status).toBe(401);
    expect((await t.fetch('/api/phone/credentials?user=1', { cookie: agent.cookie })).status).toBe(400);
  });

  it('when SIP_WS_URL is not set, then no console gets a phone; when it is, the console may connect to that origin (CSP)', async () => {
    const off = await startTestApp({});
    const agent = await off.login({ role: 'agent', interface: 'PJSIP/1101' });
    expect(await body(await off.fetch('/api/phone/credentials', { cookie: agent.cookie }))).toEqual({ phone: null, reason: 'not_configured' });
    expect((await off.fetch('/api/health')).headers.get('content-security-policy')).not.toContain('wss:');

    const on = await startTestApp({ softphone: SIP });
    expect((await on.fetch('/api/health')).headers.get('content-security-policy')).toMatch(/connect-src 'self' wss:\/\/pbx\.city\.example:8089/);
  });

  it('when the key changes, then the stored password is unreadable and the console is told so, not given garbage', async () => {
    const t = await startTestApp({ softphone: SIP });
    const admin = await t.login({ role: 'admin' });
    const agent = await t.login({ role: 'agent', interface: 'PJSIP/1101' });
    await t.fetch(`/api/users/${agent.user.id}/sip-password`, { method: 'PUT', cookie: admin.cookie, json: { password: 'Secret-1101!' } });
    const rotated = await startTestApp({ softphone: { ...SIP, passwordKey: 'another-key' } }, { db: t.db });
    expect(await body(await rotated.fetch('/api/phone/credentials', { cookie: agent.cookie }))).toEqual({ phone: null, reason: 'unreadable' });
  });
});

const LOGIN = { queueLogin: 'pause' as const, agentQueues: [], queueLogoutGraceMs: 300 };

describe('an unregistered softphone pauses the member (issue 24, item 3)', () => {
  it('when the console says its phone is not registered, then the member is paused no_phone and the offer goes to a colleague; registered again, the pause is lifted', async () => {
    const bed = await startCallsTestbed({ agents: 2 }, { calls: { queueLogin: LOGIN } });
    const memberOf = (iface: string) => bed.telephony.snapshot().queues.flatMap((q) => q.members).find((m) => m.interface === iface);
    const browser = await bed.open((await bed.t.login({ role: 'agent', interface: 'PJSIP/1001' })).cookie);
    const desk = await bed.open((await bed.t.login({ role: 'agent', interface: 'PJSIP/1002' })).cookie);
    await waitFor(() => memberOf('PJSIP/1001')?.paused === false && memberOf('PJSIP/1002')?.paused === false, 'both logged in');

    expect(await browser.socket.timeout(5000).emitWithAck('phone:state', { registered: false })).toEqual({ ok: true });
    await waitFor(() => memberOf('PJSIP/1001')?.pausedReason === 'no_phone', 'paused no_phone');
    expect(await browser.next('agent:snapshot', (s) => s.pausedReason === 'no_phone')).toMatchObject({ state: 'paused' });

    // "Ready" by hand is refused while the phone cannot ring: the pause lifts itself when it registers.
    expect(await browser.socket.timeout(5000).emitWithAck('agent:pause', { paused: false })).toMatchObject({ ok: false, error: { code: 'no_phone' } });
    expect(memberOf('PJSIP/1001')?.pausedReason).toBe('no_phone');
    const placed = bed.sim.placeCall({ from: '+380671110024', queue: 'support', ringMs: 60_000 });
    expect(await desk.next('call:offered', (c) => c.callId === placed.callId)).toBeTruthy();
    expect(browser.named('call:offered')).toEqual([]);
    bed.sim.hangup(placed.channel);

    expect(await browser.socket.timeout(5000).emitWithAck('phone:state', { registered: true })).toEqual({ ok: true });
    await waitFor(() => memberOf('PJSIP/1001')?.paused === false, 'the pause lifted');
  });

  it('when app_queue is reloaded (the reason dropped) while the phone is unregistered, then no_phone is put back', async () => {
    const bed = await startCallsTestbed({ agents: 1 }, { calls: { queueLogin: LOGIN } });
    const memberOf = (iface: string) => bed.telephony.snapshot().queues.flatMap((q) => q.members).find((m) => m.interface === iface);
    const agent = await bed.open((await bed.t.login({ role: 'agent', interface: 'PJSIP/1001' })).cookie);
    await waitFor(() => memberOf('PJSIP/1001')?.paused === false, 'logged in');
    await agent.socket.timeout(5000).emitWithAck('phone:state', { registered: false });
    await waitFor(() => memberOf('PJSIP/1001')?.pausedReason === 'no_phone', 'paused no_phone');
    const dropped = new Promise<void>((resolve) => {
      const off = bed.telephony.onEvent((e) => {
        if (!e.name.startsWith('member:') || !('paused' in e) || e.interface !== 'PJSIP/1001' || !e.paused || e.pausedReason !== '') return;
        off();
        resolve();
      });
    });
    bed.sim.reloadQueues();
    await dropped;
    await waitFor(() => memberOf('PJSIP/1001')?.pausedReason === 'no_phone', 'no_phone put back after the reload');
  });

  it('when the agent chose a pause of their own, then the phone coming and going leaves it alone', async () => {
    const bed = await startCallsTestbed({ agents: 1 }, { calls: { queueLogin: LOGIN } });
    const memberOf = (iface: string) => bed.telephony.snapshot().queues.flatMap((q) => q.members).find((m) => m.interface === iface);
    const agent = await bed.open((await bed.t.login({ role: 'agent', interface: 'PJSIP/1001' })).cookie);
    await waitFor(() => memberOf('PJSIP/1001')?.paused === false, 'logged in');
    expect(await agent.socket.timeout(5000).emitWithAck('agent:pause', { paused: true, reason: 'lunch' })).toEqual({ ok: true });
    await waitFor(() => memberOf('PJSIP/1001')?.pausedReason === 'lunch', 'on lunch');
    await agent.socket.timeout(5000).emitWithAck('phone:state', { registered: false });
    await agent.socket.timeout(5000).emitWithAck('phone:state', { registered: true });
    expect(memberOf('PJSIP/1001')).toMatchObject({ paused: true, pausedReason: 'lunch' });
  });

  it('when the payload is not a boolean or the user has no phone, then a clear refusal', async () => {
    const bed = await startCallsTestbed({ agents: 1 }, { calls: { queueLogin: LOGIN } });
    const agent = await bed.open((await bed.t.login({ role: 'agent', interface: 'PJSIP/1001' })).cookie);
    expect(await agent.socket.timeout(5000).emitWithAck('phone:state', { registered: 'no' } as unknown as { registered: boolean })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const executor = await bed.open((await bed.t.login({ role: 'executor', executor: 'WATER' })).cookie);
    expect(await executor.socket.timeout(5000).emitWithAck('phone:state', { registered: false })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const supervisor = await bed.open((await bed.t.login({ role: 'supervisor' })).cookie);
    expect(await supervisor.socket.timeout(5000).emitWithAck('phone:state', { registered: false })).toMatchObject({ ok: false, error: { code: 'no_interface' } });
  });
});
