/**
 * `npm run bench:failover`: two real server processes (CLUSTER=postgres) on a throwaway embedded PostgreSQL
 * and the PBX simulator. Each round kills the AMI leader with SIGKILL while the agent's console is on the
 * other node, places a call every 250 ms from that instant, and measures leader killed → the first pop
 * delivered to the console; then the killed node is started again. Prints min / median / max over the rounds
 * (ROUNDS, default 10; goal: ≤ 5 s). Never fails.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { io, type Socket } from 'socket.io-client';
import { createDataSource } from '../db/data-source';
import { startEmbeddedPostgres } from '../db/embedded';
import { ensureConsoleBuilt } from '../server/startup/console-build';
import { createUsersService } from '../server/users/users.service';
import { startSimulator } from '../telephony';
import { ready, soleLeader, spawnNode, type ServerNode } from '../test/fixtures/process/cluster-node';

const ROUNDS = Number(process.env.ROUNDS ?? 10);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function login(node: ServerNode): Promise<string> {
  const res = await fetch(`${node.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'agent1', password: 'password123' }) });
  return res.headers.getSetCookie()[0]!.split(';')[0]!;
}

function consoleOn(node: ServerNode, cookie: string, onOffered: () => void): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(node.url, { transports: ['websocket'], extraHeaders: { cookie }, forceNew: true, reconnection: false });
    socket.on('call:offered', onOffered);
    socket.once('agent:snapshot', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function main(): Promise<void> {
  console.log(`bench:failover — ${ROUNDS} rounds: SIGKILL the AMI leader, time until the next pop reaches an agent on the other node`);
  await ensureConsoleBuilt(pino({ level: 'warn' }));
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-bench-failover-'));
  await chmod(dir, 0o755); // the server runs as the 'postgres' user when we are root
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), persistent: false });
  const ds = createDataSource({ url: pg.url, poolSize: 2, applicationName: 'bench-failover' });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'all' });
  await createUsersService(ds).create({ role: 'agent', username: 'agent1', password: 'password123', fullName: 'Agent', interface: 'PJSIP/1001' });
  const sim = await startSimulator({ agents: 1 });
  const spawn = async (id: string) => {
    const node = await spawnNode({ id, databaseUrl: pg.url, sim });
    await ready(node);
    return node;
  };
  let nodes = [await spawn('n0')];
  await soleLeader(nodes);
  nodes.push(await spawn('n1'));
  const cookie = await login(nodes[0]!);
  const times: number[] = [];
  let seq = 0;

  for (let round = 1; round <= ROUNDS; round++) {
    const leader = await soleLeader(nodes);
    const survivor = nodes.find((n) => n !== leader)!;
    let poppedAt = 0;
    const socket = await consoleOn(survivor, cookie, () => (poppedAt ||= performance.now()));
    await sleep(1500); // the leader has heard of the console (presence) before it dies
    const killedAt = performance.now();
    leader.process.kill('SIGKILL');
    // Callers keep coming; each gives up after 1.5 s, so no wrap-up piles up.
    while (!poppedAt && performance.now() - killedAt < 30_000) {
      sim.placeCall({ from: `067${String(1_000_000 + ++seq).slice(-7)}`, queue: 'support', answeredBy: 'PJSIP/1001', ringMs: 60_000, abandonAfterMs: 1500 });
      await sleep(250);
    }
    const took = poppedAt ? poppedAt - killedAt : NaN;
    times.push(took);
    console.log(`  round ${round}: leader ${leader.id} killed → pop on ${survivor.id} after ${(took / 1000).toFixed(2)} s`);
    socket.close();
    await leader.exited;
    nodes = [survivor, await spawn(`n${round + 1}`)];
    await sleep(2000); // callers of this round gone
  }

  const sorted = times.filter((t) => Number.isFinite(t)).sort((a, b) => a - b);
  const s = (v: number | undefined) => (v === undefined ? 'n/a' : `${(v / 1000).toFixed(2)} s`);
  console.log(`\nmachine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min)`);
  console.log(`leader killed → next pop delivered over ${sorted.length} of ${ROUNDS} rounds: min ${s(sorted[0])}   median ${s(sorted[Math.floor(sorted.length / 2)])}   max ${s(sorted.at(-1))}   (goal: ≤ 5 s)`);

  await Promise.all(nodes.map((n) => n.kill('SIGTERM')));
  await sim.close();
  await ds.destroy();
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
