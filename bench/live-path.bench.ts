/**
 * `npm run bench:live`: the live path on a busy line, as issue 8 asked it to be measured. A throwaway embedded
 * PostgreSQL, the whole server, the PBX simulator over TCP with three agents whose consoles classify each call
 * 300 ms after it ends.
 *  1. 100 calls in bursts of 20, AgentComplete missing for ~10 % and late for ~10 % (as Asterisk does in
 *     bursts): calls ended, talk times against the script, offers that came during a wrap-up.
 *  2. The reconnect time after the PBX comes back, over 10 outages, with the production backoff.
 * Prints figures; never fails.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { io, type Socket } from 'socket.io-client';
import { createDataSource } from '../db/data-source';
import { startEmbeddedPostgres } from '../db/embedded';
import { createApp } from '../server/app';
import { DatabaseHealth } from '../server/http/database-health';
import { createUsersService } from '../server/users/users.service';
import { createTelephony, startSimulator } from '../telephony';
import { seededRandom } from '../telephony/simulator/generator';

const CALLS = Number(process.env.BENCH_CALLS ?? 100);
const BURST = 20;
const OUTAGES = Number(process.env.BENCH_OUTAGES ?? 10);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-bench-live-'));
  await chmod(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), persistent: false });
  const ds = createDataSource({ url: pg.url, poolSize: 10, applicationName: 'bench-live' });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'all' });
  const log = pino({ level: 'silent' });
  const sim = await startSimulator({ agents: 3, loginFailureDelayMs: 10 });
  const telephony = createTelephony({ host: sim.host, port: sim.port, ...sim.credentials });
  const database = new DatabaseHealth(ds, log);
  database.start();
  const app = createApp({ dataSource: ds, database, log, telephony, sessionSecret: 'bench' });
  await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(app.http.address() as AddressInfo).port}`;
  const resynced = new Promise<void>((resolve) => telephony.onResync(() => resolve()));
  telephony.start();
  await resynced;

  const [{ code: topicCode }] = await ds.query('SELECT code FROM topics WHERE parent_code IS NOT NULL ORDER BY code LIMIT 1');
  const users = createUsersService(ds);
  const sockets: Socket[] = [];
  let offeredInWrapUp = 0;
  for (const iface of ['PJSIP/1001', 'PJSIP/1002', 'PJSIP/1003']) {
    const username = `bench-${iface.slice(-4)}`;
    await users.create({ username, role: 'agent', password: 'bench-password', interface: iface });
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'bench-password' }) });
    const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
    const socket = io(base, { transports: ['websocket'], extraHeaders: { cookie }, forceNew: true });
    let owed: string | null = null;
    socket.on('call:offered', () => { if (owed) offeredInWrapUp += 1; });
    socket.on('call:ended', ({ callId }: { callId: string }) => {
      owed = callId;
      setTimeout(() => {
        // The agent clicks "classify": from this moment an offer is welcome (it may beat the HTTP answer).
        owed = null;
        void fetch(`${base}/api/calls/${callId}/wrap-up`, {
          method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ kind: 'consultation', topicCode }),
        });
      }, 300);
    });
    sockets.push(socket);
  }
  await sleep(500);

  // 1. A busy shift.
  let omitted = 0;
  sim.onEvent((name) => { if (name === 'AgentComplete') omitted -= 1; });
  const random = seededRandom(8);
  const scripted = new Map<string, number>();
  const started = Date.now();
  for (let placed = 0; placed < CALLS; placed += BURST) {
    for (let i = 0; i < BURST && placed + i < CALLS; i++) {
      const r = random();
      const agentComplete = r < 0.1 ? 'omitted' : r < 0.2 ? 'after_hangup' : 'before_hangup';
      const talkMs = 1000 + Math.round(random() * 2000);
      const call = sim.placeCall({ from: `+38067${String(placed + i).padStart(7, '0')}`, queue: 'support', ringMs: 200, talkMs, agentComplete });
      scripted.set(call.callId, talkMs / 1000);
    }
    while (sim.activeCalls() > 0) await sleep(100);
  }
  await sleep(1500);
  omitted += CALLS;
  const rows: { id: string; outcome: string; talk_seconds: number | null; wrap_up_kind: string | null }[] =
    await ds.query('SELECT id, outcome, talk_seconds, wrap_up_kind FROM calls WHERE id = ANY($1)', [[...scripted.keys()]]);
  const ended = rows.filter((r) => r.outcome === 'answered').length;
  const errors = rows.map((r) => Math.abs((r.talk_seconds ?? 0) - scripted.get(r.id)!));
  console.log(`Busy shift: ${CALLS} calls in bursts of ${BURST} on 3 agents, ${((Date.now() - started) / 1000).toFixed(1)} s (load average ${loadavg()[0]!.toFixed(1)})`);
  console.log(`  AgentComplete omitted by the PBX: ${omitted}; calls ended and answered in the log: ${ended}/${CALLS}; still in progress: ${rows.filter((r) => r.outcome === 'in_progress').length}`);
  console.log(`  classified: ${rows.filter((r) => r.wrap_up_kind).length}/${CALLS}; offers during a wrap-up: ${offeredInWrapUp}`);
  console.log(`  talk time vs the script: max error ${Math.max(...errors).toFixed(1)} s, median ${median(errors).toFixed(1)} s (baseline before the fix: 250–700 s for missed AgentCompletes)`);

  // 2. The PBX goes away and comes back.
  const times: number[] = [];
  for (let run = 0; run < OUTAGES; run++) {
    sim.crash();
    while (telephony.status().state === 'connected') await sleep(5);
    await sleep(500 + Math.round(random() * 4000));
    const back = Date.now();
    sim.setOffline(false);
    while (telephony.status().state !== 'connected') await sleep(5);
    times.push(Date.now() - back);
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`Reconnect after the PBX is back, ${OUTAGES} outages of 0.5–4.5 s: min ${sorted[0]} ms, median ${median(times)} ms, max ${sorted.at(-1)} ms (goal ≤ 2000 ms; the old backoff gave 3.6–18 s)`);

  for (const s of sockets) s.close();
  await telephony.stop();
  await sim.close();
  database.stop();
  await app.realtime.io.close();
  app.http.closeAllConnections();
  await new Promise((resolve) => app.http.close(resolve));
  await ds.destroy();
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
}

void main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
