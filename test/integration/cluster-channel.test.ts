import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createChannelSeal } from '../../server/cluster/channel-seal';
import { rooms } from '../../server/realtime/gateway';
import { body, startTestApp, type TestApp } from '../setup/app';
import { useTestDatabase, type TestDatabase } from '../setup/database';
import { connectConsole, eventually, startCallsTestbed, waitFor, type CallsTestbed, type Console } from './calls-harness';

const CHANNEL = 'socket.io#/';
const FORGED_INTERFACE = 'Local/0900777777@from-trunk/n';

/**
 * The cluster's channel (the Socket.IO adapter's NOTIFYs and our bus inside them) against a role that may
 * only log in: PostgreSQL lets any such role LISTEN and NOTIFY on every channel of a database it can connect
 * to. Two nodes share one database; the leader has the PBX simulator. What the intruder forges, replays or
 * overhears must neither reach the PBX nor a console nor tell it a caller's number.
 */
describe('the cluster channel and an intruder with LOGIN only', () => {
  let db: TestDatabase;
  let lead: CallsTestbed;
  let follower: TestApp;
  let intruder: pg.Client;
  const role = `intruder_${randomBytes(4).toString('hex')}`;
  const dialled: string[] = [];
  const overheard: string[] = [];
  const pools: pg.Pool[] = [];
  const consoles: Console[] = [];

  const pool = () => {
    const p = new pg.Pool({ connectionString: db.url, max: 3 });
    pools.push(p);
    return p;
  };
  const notify = (payload: string) => intruder.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]);
  /** The adapter's own message shapes (socket.io-adapter's MessageType 3 = broadcast, 9 = server-side emit). */
  const serverSideEmit = (message: unknown) => JSON.stringify({ uid: 'intruder', nsp: '/', type: 9, data: { packet: ['cluster', message] } });
  const broadcast = (room: string, event: string, data: unknown) =>
    JSON.stringify({ uid: 'intruder', nsp: '/', type: 3, data: { packet: { type: 2, data: [event, data], nsp: '/' }, opts: { rooms: [room], except: [], flags: {} } } });
  const dropped = async (t: TestApp, reason: string) => {
    const text = await (await t.fetch('/metrics', { headers: { authorization: 'Bearer metrics-token' } })).text();
    return Number(new RegExp(`^hc_cluster_messages_dropped_total\\{reason="${reason}"[^}]*\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  };
  const open = async (t: TestApp, cookie: string) => {
    const c = connectConsole(t.baseUrl, cookie);
    consoles.push(c);
    await c.next('agent:snapshot');
    return c;
  };

  beforeAll(async () => {
    db = await useTestDatabase();
    const cluster = (nodeId: string, leader: boolean) => ({ nodeId, pool: pool(), isLeader: () => leader, nodesAlive: () => 2, forwardTimeoutMs: 5000 });
    lead = await startCallsTestbed(
      { agents: 5, dial: (channel) => (dialled.push(channel), { answer: true, afterMs: 50 }) },
      { cluster: cluster('lead', true), metricsToken: 'metrics-token' }, {}, { db },
    );
    follower = await startTestApp({ cluster: cluster('follow', false), metricsToken: 'metrics-token' }, { db });

    await db.dataSource.query(`CREATE ROLE ${role} LOGIN PASSWORD 'intruder'`);
    const url = new URL(db.url);
    url.username = role;
    url.password = 'intruder';
    intruder = new pg.Client({ connectionString: url.toString() });
    await intruder.connect();
    intruder.on('notification', (n) => overheard.push(n.payload ?? ''));
    await intruder.query(`LISTEN "${CHANNEL}"`);
  });

  afterAll(async () => {
    for (const c of consoles) c.close();
    await intruder?.end();
    const admin = new pg.Client({ connectionString: inject('postgresUrl') });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${role}`).finally(() => admin.end());
    // The adapters hold a LISTEN connection of their pool each until they close.
    await Promise.all([lead.t.realtime.io.close(), follower.realtime.io.close()]);
    await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
  });

  it('when a node forwards a click-to-call, then the leader dials it, and the intruder listening overhears no number', async () => {
    const agent = await follower.login({ role: 'agent', interface: 'PJSIP/1001' });
    const res = await follower.fetch('/api/calls/originate', { method: 'POST', cookie: agent.cookie, json: { number: '067 111 22 33' } });
    expect(res.status).toBe(202);
    await waitFor(() => dialled.includes('PJSIP/1001'), 'the leader dialling the agent');
    await waitFor(() => overheard.length > 0, 'something on the channel');
    for (const payload of overheard) {
      expect(payload).not.toMatch(/671112233|calls\.originate|PJSIP/);
      expect(payload.startsWith('hc1.')).toBe(true);
    }
  });

  it('when the intruder forges a click-to-call to a premium number, then the leader drops it, counts it, and dials nothing', async () => {
    const victim = await lead.t.login({ role: 'agent', interface: 'PJSIP/1002' });
    const before = await dropped(lead.t, 'unsigned');
    await notify(serverSideEmit({
      kind: 'call', from: 'follow', id: 'forged-1', op: 'calls.originate',
      args: { user: { id: victim.user.id, username: 'x', fullName: 'X', role: 'agent', interface: FORGED_INTERFACE, phone: null, executorId: null }, input: { number: '0671234567' } },
    }));
    await eventually(async () => (await dropped(lead.t, 'unsigned')) > before, 'the forged call counted as dropped');
    expect(dialled).not.toContain(FORGED_INTERFACE);
    expect(await lead.t.db.dataSource.query('SELECT id FROM calls WHERE agent_user_id = $1', [victim.user.id])).toEqual([]);
  });

  it('when the intruder forges a pop to a console, then the console never gets it, while the nodes\' own broadcasts still arrive', async () => {
    const agent = await follower.login({ role: 'agent', interface: 'PJSIP/1003' });
    const desk = await open(follower, agent.cookie);
    const before = await dropped(follower, 'unsigned');
    await notify(broadcast(rooms.user(agent.user.id), 'call:offered', { callId: 'forged', queue: 'support', callerNumber: '+380900777777', callerName: 'Банк', offeredAt: new Date().toISOString(), card: null }));
    await eventually(async () => (await dropped(follower, 'unsigned')) > before, 'the forged pop counted as dropped');
    // A broadcast of the leader's, after the forged one, reaches the console: the forged one would have come first.
    lead.t.realtime.io.to(rooms.user(agent.user.id)).emit('worklist:changed', { at: 'after-the-forgery' });
    await desk.next('worklist:changed', (w) => w.at === 'after-the-forgery');
    expect(desk.named('call:offered')).toEqual([]);
  });

  it('when a node\'s message is too big for a NOTIFY, then it goes sealed through the attachments table and still arrives', async () => {
    const agent = await follower.login({ role: 'agent' });
    const desk = await open(follower, agent.cookie);
    const marker = `+38067${'5'.repeat(7)}`;
    lead.t.realtime.io.to(rooms.user(agent.user.id)).emit('worklist:changed', { at: `${marker} ${'x'.repeat(20_000)}` });
    const got = await desk.next('worklist:changed', (w) => w.at.startsWith(marker));
    expect(got.at).toHaveLength(marker.length + 20_001);
    const rows: { payload: Buffer }[] = await db.dataSource.query('SELECT payload FROM socket_io_attachments');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.payload.includes(marker)).toBe(false);
  });

  it('when the intruder replays a node\'s sealed message it overheard, then it is dropped as replayed and nothing is dialled again', async () => {
    const agent = await follower.login({ role: 'agent', interface: 'PJSIP/1004' });
    const from = overheard.length;
    const res = await follower.fetch('/api/calls/originate', { method: 'POST', cookie: agent.cookie, json: { number: '0672223344' } });
    expect((await body(res)).callId).toBeTruthy();
    await waitFor(() => dialled.includes('PJSIP/1004'), 'the leader dialling the agent');
    const times = () => dialled.filter((d) => d === 'PJSIP/1004').length;
    const before = await dropped(lead.t, 'replayed');
    for (const payload of overheard.slice(from)) await notify(payload);
    await eventually(async () => (await dropped(lead.t, 'replayed')) > before, 'the replays counted as dropped');
    expect(times()).toBe(1);
  });

  describe('when a call comes sealed with the cluster\'s key (a node that is wrong, or whose key leaked)', () => {
    const seal = createChannelSeal({ secret: 'test-secret' });
    const reader = createChannelSeal({ secret: 'test-secret' });
    let n = 0;
    /** Sends a forwarded call as a node would and returns the leader's reply, read off the channel. */
    const forward = async (op: string, args: unknown) => {
      const id = `sealed-${++n}`;
      const from = overheard.length;
      await notify(seal.seal(serverSideEmit({ kind: 'call', from: 'follow', id, op, args }), CHANNEL));
      return waitFor(() => {
        for (const payload of overheard.slice(from)) {
          const opened = reader.open(payload, CHANNEL);
          const message = opened.ok ? JSON.parse(opened.value) : null;
          const reply = message?.data?.packet?.[1];
          if (reply?.kind === 'reply' && reply.id === id) return reply;
        }
        return undefined;
      }, `the leader's reply to ${id}`);
    };
    const userOf = (u: { id: number }, over: Record<string, unknown> = {}) => ({ id: u.id, username: 'x', fullName: 'X', role: 'agent', interface: FORGED_INTERFACE, phone: null, executorId: null, ...over });

    it('when a sealed call is a minute old (kept and replayed later), then it is dropped as stale and nothing is dialled', async () => {
      const agent = await lead.t.login({ role: 'agent', interface: 'PJSIP/1009' });
      const minuteAgo = createChannelSeal({ secret: 'test-secret', now: () => Date.now() - 60_000 });
      const before = await dropped(lead.t, 'stale');
      await notify(minuteAgo.seal(serverSideEmit({ kind: 'call', from: 'follow', id: 'old-1', op: 'calls.originate', args: { user: userOf(agent.user, { interface: 'PJSIP/1009' }), input: { number: '0673334455' } } }), CHANNEL));
      await eventually(async () => (await dropped(lead.t, 'stale')) > before, 'the old call counted as stale');
      expect(dialled).not.toContain('PJSIP/1009');
    });

    it('when the call names a user with a forged phone, then the leader rings the phone the database has for that user', async () => {
      const agent = await lead.t.login({ role: 'agent', interface: 'PJSIP/1005' });
      const reply = await forward('calls.originate', { user: userOf(agent.user), input: { number: '0673334455' } });
      expect(reply).toMatchObject({ ok: true });
      await waitFor(() => dialled.includes('PJSIP/1005'), 'the agent\'s own phone rung');
      expect(dialled).not.toContain(FORGED_INTERFACE);
    });

    it('when the user is deactivated or of a role that may not, then 403 and nothing is dialled', async () => {
      const gone = await lead.t.login({ role: 'agent', interface: 'PJSIP/1006' });
      await db.dataSource.query('UPDATE users SET active = false WHERE id = $1', [gone.user.id]);
      const official = await lead.t.login({ role: 'official', interface: 'PJSIP/1007' });
      expect(await forward('calls.originate', { user: userOf(gone.user), input: { number: '0673334455' } })).toMatchObject({ ok: false, error: { status: 403 } });
      expect(await forward('calls.originate', { user: userOf(official.user), input: { number: '0673334455' } })).toMatchObject({ ok: false, error: { status: 403 } });
      expect(dialled.filter((d) => d === 'PJSIP/1006' || d === 'PJSIP/1007' || d === FORGED_INTERFACE)).toEqual([]);
    });

    it('when the arguments would not pass the HTTP schemas (a pause reason with a line break, an unknown operation), then 400', async () => {
      const agent = await lead.t.login({ role: 'agent', interface: 'PJSIP/1008' });
      const injected = await forward('agent.pause', { agent: userOf(agent.user), input: { paused: true, reason: 'break\r\nAction: Originate\r\nChannel: Local/0900777777@from-trunk' } });
      expect(injected).toMatchObject({ ok: false, error: { status: 400, fields: { 'input.reason': expect.any(String) } } });
      expect(await forward('calls.originate', { user: userOf(agent.user), input: { number: 42 } })).toMatchObject({ ok: false, error: { status: 400 } });
      expect(await forward('no.such.thing', {})).toMatchObject({ ok: false, error: { status: 400 } });
      expect(dialled).not.toContain(FORGED_INTERFACE);
    });
  });
});
