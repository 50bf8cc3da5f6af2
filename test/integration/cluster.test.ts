import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleBuilt } from '../../server/startup/console-build';
import { LEADER_LOCK } from '../../server/cluster/leader-lock';
import { createUsersService } from '../../server/users/users.service';
import { startSimulator, type Simulator } from '../../telephony';
import { ready, soleLeader, spawnNode, until, type ServerNode } from '../fixtures/process/cluster-node';
import { useTestDatabase, type TestDatabase } from '../setup/database';
import { connectConsole, type Console } from './calls-harness';
import { freePort, telegramStandIn } from './notifications-harness';

/**
 * Two real server processes (CLUSTER=postgres) on one test database and the PBX simulator over TCP: the
 * AMI leader, the other node, and what happens when either of them or the database fails.
 */
describe('two nodes', () => {
  let db: TestDatabase;
  let sim: Simulator;
  const nodes: ServerNode[] = [];
  const consoles: Console[] = [];
  let agent1Cookie = '';
  let topicCode = '';

  const start = async (id: string, env: Record<string, string> = {}) => {
    const node = await spawnNode({ id, databaseUrl: db.url, sim, env });
    nodes.push(node);
    await ready(node);
    return node;
  };
  const open = async (node: ServerNode, cookie: string) => {
    const c = connectConsole(node.url, cookie);
    consoles.push(c);
    await c.next('agent:snapshot');
    return c;
  };
  const login = async (node: ServerNode, username: string) => {
    const res = await fetch(`${node.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'password123' }) });
    expect(res.status).toBe(200);
    return res.headers.getSetCookie()[0]!.split(';')[0]!;
  };
  const callRows = (callId: string) => db.dataSource.query('SELECT id, outcome, answered_at, ended_at, ended_estimated FROM calls WHERE id = $1', [callId]);
  const wrapUp = (node: ServerNode, cookie: string, callId: string) =>
    fetch(`${node.url}/api/calls/${callId}/wrap-up`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ kind: 'consultation', topicCode }) });
  const live = () => nodes.filter((n) => n.process.exitCode === null && n.process.signalCode === null);

  beforeAll(async () => {
    await ensureConsoleBuilt(pino({ level: 'warn' }));
    db = await useTestDatabase();
    sim = await startSimulator({ agents: 2, loginFailureDelayMs: 10 });
    const users = createUsersService(db.dataSource);
    await users.create({ role: 'agent', username: 'agent1', password: 'password123', fullName: 'Агент Один', interface: 'PJSIP/1001' });
    await users.create({ role: 'agent', username: 'agent2', password: 'password123', fullName: 'Агент Два', interface: 'PJSIP/1002' });
    [{ code: topicCode }] = await db.dataSource.query(`SELECT code FROM topics WHERE parent_code IS NOT NULL ORDER BY code LIMIT 1`);
  }, 180_000);

  afterAll(async () => {
    for (const c of consoles) c.close();
    await Promise.all(nodes.map((n) => n.kill('SIGKILL')));
    await sim?.close();
  });

  it('when an agent is on node B, then they get the pop of a call node A\'s AMI link saw, and their pause goes to the PBX through A', async () => {
    const a = await start('a');
    await soleLeader([a]);
    const b = await start('b');
    expect((await b.health())).toMatchObject({ node: { id: 'b', leader: false }, ami: { state: 'standby' }, status: 'ok' });
    await until(async () => (await b.health())?.cluster.nodes === 2, 'both nodes counted alive');

    agent1Cookie = await login(a, 'agent1'); // a login on one node is valid on the other
    const onB = await open(b, agent1Cookie);
    const placed = sim.placeCall({ from: '0671234567', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 300, talkMs: 600_000 });
    expect((await onB.next('call:offered', (c) => c.callId === placed.callId)).callerNumber).toBeTruthy();
    await onB.next('call:answered', (c) => c.callId === placed.callId);

    const ack = await onB.socket.timeout(5000).emitWithAck('agent:pause', { paused: true, reason: 'break' });
    expect(ack).toEqual({ ok: true });
    await onB.next('agent:snapshot', (s) => s.pausedReason === 'break');
    expect(await onB.socket.timeout(5000).emitWithAck('agent:pause', { paused: false })).toEqual({ ok: true });
    await onB.next('agent:snapshot', (s) => s.pausedReason === null);
    sim.hangup(placed.channel);
    await onB.next('call:ended', (c) => c.callId === placed.callId);
    expect((await wrapUp(b, agent1Cookie, placed.callId)).status).toBe(200);
  }, 180_000);

  it('when a supervisor is on B, a session logs out on A, or a password is guessed on A, then the snapshot, the logout and the wait hold on B', async () => {
    const [a, b] = nodes as [ServerNode, ServerNode];
    await createUsersService(db.dataSource).create({ role: 'supervisor', username: 'super1', password: 'password123', fullName: 'Супервізор' });
    const supervisor = await open(b, await login(a, 'super1'));
    expect((await supervisor.next('queues:snapshot')).queues.map((q: { name: string }) => q.name)).toContain('support');
    // The live page and its agent grid come from the leader, whichever node the supervisor is on.
    expect((await supervisor.next('agents:grid')).agents.map((r: { name: string }) => r.name)).toContain('Агент Один');
    const livePage = await fetch(`${b.url}/api/supervisor/live`, { headers: { cookie: await login(b, 'super1') } });
    expect(livePage.status).toBe(200);
    expect((await livePage.json() as { queues: { name: string }[] }).queues.map((q) => q.name)).toContain('support');

    const second = await login(b, 'agent1');
    const onB = await open(b, second);
    const out = await fetch(`${a.url}/api/auth/logout`, { method: 'POST', headers: { cookie: second } });
    expect(out.status).toBe(204);
    await until(async () => !onB.socket.connected, 'the logged-out session\'s socket on B closed', 5000);

    const guess = (node: ServerNode) => fetch(`${node.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ghost', password: 'wrong-password' }) });
    for (let i = 0; i < 5; i++) expect((await guess(a)).status).toBe(401);
    expect((await guess(b)).status).toBe(429);
  }, 60_000);

  it('when the leader is killed mid-call, then B takes over: the call\'s end is recorded once, an owed wrap-up is restored, and the next call pops', async () => {
    const [a, b] = nodes as [ServerNode, ServerNode];
    const agent1 = await open(b, agent1Cookie);
    const agent2Cookie = await login(b, 'agent2');
    const agent2 = await open(b, agent2Cookie);
    // Agent 1 talked and hung up before the kill: they owe a wrap-up (and are held for it in the PBX).
    const owed = sim.placeCall({ from: '0671234567', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 300, talkMs: 600_000 });
    await agent1.next('call:answered', (c) => c.callId === owed.callId);
    sim.hangup(owed.channel);
    await agent1.next('call:ended', (c) => c.callId === owed.callId);
    await until(async () => (await callRows(owed.callId))[0]?.ended_at, 'the owed call logged as ended');
    // Agent 2 is talking when the leader dies.
    const placed = sim.placeCall({ from: '0671234568', queue: 'support', answeredBy: 'PJSIP/1002', ringMs: 300, talkMs: 600_000 });
    await agent2.next('call:answered', (c) => c.callId === placed.callId);
    await until(async () => (await callRows(placed.callId))[0]?.answered_at, 'the answer logged');

    await a.kill('SIGKILL');
    expect(await soleLeader([b], 15_000)).toBe(b);
    // The new leader rebuilt the desks: the call in progress from the PBX, the wrap-up owed from the call log.
    await agent2.next('agent:snapshot', (s) => s.call?.callId === placed.callId && s.state === 'in_call');
    await agent1.next('agent:snapshot', (s) => s.call?.callId === owed.callId && s.state === 'wrap_up');
    sim.hangup(placed.channel);
    await agent2.next('call:ended', (c) => c.callId === placed.callId);
    const rows = await until(async () => {
      const r = await callRows(placed.callId);
      return r[0]?.ended_at ? r : null;
    }, 'the end logged');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'answered', ended_estimated: false });
    expect((await wrapUp(b, agent1Cookie, owed.callId)).status).toBe(200);
    expect((await wrapUp(b, agent2Cookie, placed.callId)).status).toBe(200);

    const next = sim.placeCall({ from: '0671234569', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 300, talkMs: 1000 });
    await agent1.next('call:offered', (c) => c.callId === next.callId);
    await agent1.next('call:ended', (c) => c.callId === next.callId);
    expect((await wrapUp(b, agent1Cookie, next.callId)).status).toBe(200);
    agent2.close();
  }, 180_000);

  it('when the leader\'s database connection is cut while it lives, then it steps down, the other leads, never both', async () => {
    const a = await start('a2');
    const b = nodes[1]!;
    await soleLeader([a, b]);
    const [holder] = await db.dataSource.query(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = $1 AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [LEADER_LOCK],
    );
    const leaderBefore = (await b.health())!.node.leader ? b : a;
    const other = leaderBefore === b ? a : b;
    let both = false;
    const watching = (async () => {
      const deadline = Date.now() + 8000;
      while (Date.now() < deadline) {
        const [x, y] = await Promise.all([a.health(), b.health()]);
        if (x?.ami.state === 'connected' && y?.ami.state === 'connected') both = true;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await db.dataSource.query('SELECT pg_terminate_backend($1)', [holder.pid]);
    await until(async () => (await leaderBefore.health())?.ami.state === 'standby', 'the cut leader standing by', 5000);
    expect(await soleLeader([a, b], 10_000)).toBe(other);
    await watching;
    expect(both).toBe(false);
    expect(leaderBefore.process.exitCode).toBeNull();

    const onOld = await open(leaderBefore, agent1Cookie);
    const placed = sim.placeCall({ from: '0671234570', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 300, talkMs: 500 });
    await onOld.next('call:offered', (c) => c.callId === placed.callId);
    await onOld.next('call:ended', (c) => c.callId === placed.callId);
    expect((await wrapUp(leaderBefore, agent1Cookie, placed.callId)).status).toBe(200);
  }, 180_000);

  it('when PostgreSQL drops every connection under two nodes, then there is one leader afterwards, not two, not none', async () => {
    const [a, b] = live() as [ServerNode, ServerNode];
    await soleLeader([a, b]);
    await db.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    // Both lock connections went: both step down (a health answered a moment ago may still say otherwise).
    await until(async () => (await Promise.all([a.health(), b.health()])).every((h) => h && !h.node.leader), 'both nodes stepping down', 5000, 20);
    const leader = await soleLeader([a, b], 20_000);
    // Stable: still exactly one a few seconds later.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await soleLeader([a, b], 5000)).toBe(leader);
    const onA = await open(a, agent1Cookie);
    const placed = sim.placeCall({ from: '0671234571', queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 300, talkMs: 500 });
    await onA.next('call:offered', (c) => c.callId === placed.callId, 15_000);
    await onA.next('call:ended', (c) => c.callId === placed.callId);
    expect((await wrapUp(a, agent1Cookie, placed.callId)).status).toBe(200);
  }, 180_000);

  it('when both nodes are restarted together, then one leads and pops reach either', async () => {
    await Promise.all(live().map((n) => n.kill('SIGTERM')));
    const [a, b] = await Promise.all([start('a3'), start('b3')]);
    await soleLeader([a, b]);
    const cookie = await login(b, 'agent2');
    const onA = await open(a, cookie);
    const placed = sim.placeCall({ from: '0671234572', queue: 'support', answeredBy: 'PJSIP/1002', ringMs: 300, talkMs: 500 });
    await onA.next('call:offered', (c) => c.callId === placed.callId, 15_000);
    await onA.next('call:ended', (c) => c.callId === placed.callId);
  }, 240_000);

  it('when both nodes have the Telegram bot, then only the leader polls it, and the other takes it over when the leader dies', async () => {
    await Promise.all(live().map((n) => n.kill('SIGTERM')));
    const token = '123456:cluster-token';
    const bot = telegramStandIn(await freePort(), token);
    await bot.start();
    try {
      const env = { TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: bot.apiRoot };
      const [a, b] = await Promise.all([start('a4', env), start('b4', env)]);
      const leader = await soleLeader([a, b]);
      bot.say(7001, 'привіт');
      await until(async () => bot.sent.find((m) => m.chatId === '7001'), 'the bot answering through the leader', 15_000);
      // Each poll is held a second: two pollers would have ended each other's several times by now.
      await new Promise((r) => setTimeout(r, 3000));
      expect(bot.conflicts).toBe(0);

      await leader.kill('SIGKILL');
      const other = leader === a ? b : a;
      expect(await soleLeader([other], 15_000)).toBe(other);
      bot.say(7002, 'привіт');
      await until(async () => bot.sent.find((m) => m.chatId === '7002'), 'the bot answering through the new leader', 15_000);
      expect(bot.sent.filter((m) => m.chatId === '7001')).toHaveLength(1);
      expect(bot.conflicts).toBe(0);
    } finally {
      await bot.stop();
    }
  }, 240_000);

  it('when a node finds migrations it does not know, or lacks its own with AUTO_MIGRATE=false, then it refuses to start and says why', async () => {
    await db.dataSource.query(`INSERT INTO migrations (timestamp, name) VALUES (1999999999999, 'FromTheFuture1999999999999')`);
    const newer = await spawnNode({ id: 'old-build', databaseUrl: db.url, sim });
    expect(await newer.exited).toBe(1);
    expect(newer.output()).toMatch(/could not start: the database has migrations this build does not know \(FromTheFuture1999999999999\)/);
    await db.dataSource.query(`DELETE FROM migrations WHERE name = 'FromTheFuture1999999999999'`);

    await db.dataSource.query(`DELETE FROM migrations WHERE name = 'Cluster1767225612000'`);
    const behind = await spawnNode({ id: 'no-migrate', databaseUrl: db.url, sim, env: { AUTO_MIGRATE: 'false' } });
    expect(await behind.exited).toBe(1);
    expect(behind.output()).toMatch(/lacks 1 migration\(s\) of this build \(Cluster1767225612000\) and AUTO_MIGRATE=false/);
    await db.dataSource.query(`INSERT INTO migrations (timestamp, name) VALUES (1767225612000, 'Cluster1767225612000')`);
  }, 120_000);
});
