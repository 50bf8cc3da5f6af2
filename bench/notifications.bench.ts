/**
 * `npm run bench:notifications`: the citizens' notices and the status page, in a throwaway embedded PostgreSQL.
 * 1. BENCH_NOTICES SMS notices through the outbox → relay → pg-boss → a local HTTP gateway, from the first row
 *    written to the last one sent, against the same number of bare POSTs to that gateway (the baseline).
 * 2. The status page's lookup (number + last four digits, one query, and the public timeline) p50/p95 against a
 *    plain read of the request by its number. Prints figures and the machine's load; it never fails.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { createDataSource, type DataSource } from '../db/data-source';
import { startEmbeddedPostgres } from '../db/embedded';
import { startJobs } from '../server/jobs/jobs';
import { workNotificationJobs } from '../server/jobs/notification-jobs';
import { createNoticeSender } from '../server/notifications/sender';
import { smsGatewayChannel } from '../server/notifications/sms-gateway';
import { findByNumberAndPhone } from '../server/status/status.repository';

const NOTICES = Number(process.env.BENCH_NOTICES ?? 1_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100_000);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 1_000);
const log = pino({ level: 'silent' });

async function seed(ds: DataSource): Promise<void> {
  await ds.transaction(async (m) => {
    await m.query('SET LOCAL statement_timeout = 0');
    await m.query(`INSERT INTO citizens (full_name, address) SELECT 'Коваленко ' || i, 'вул. Гетьманська, ' || (i % 120 + 1) FROM generate_series(1, ${REQUESTS}) i`);
    await m.query(`INSERT INTO citizen_phones (citizen_id, phone) SELECT id, '+38067' || lpad(id::text, 7, '0') FROM citizens`);
    await m.query(`
      INSERT INTO requests (number, received_at, source, topic_code, description, status, citizen_id, due_at, executor_id)
      SELECT '2026-' || lpad(c.id::text, 6, '0'), now(), 'call', 'HS.11', 'Опис', 'assigned', c.id, now() + interval '15 days', (SELECT min(id) FROM executors)
        FROM citizens c`);
    await m.query(`INSERT INTO request_events (request_id, action, to_status) SELECT id, 'registered', 'registered' FROM requests`);
    await m.query(`INSERT INTO notification_consents (citizen_id, channel, address, consented, via) SELECT id, 'sms', '+38067' || lpad(id::text, 7, '0'), true, 'agent' FROM citizens WHERE id <= ${NOTICES}`);
    await m.query('ANALYZE');
  });
}

function percentiles(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))].toFixed(2);
  return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms`;
}

async function timed(n: number, f: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f(i);
    out.push(performance.now() - t);
  }
  return out;
}

async function gateway(): Promise<{ server: Server; url: string; received: () => number }> {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n++;
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`, received: () => n };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-bench-notices-'));
  await chmod(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), persistent: false });
  const ds = createDataSource({ url: pg.url, poolSize: 6, applicationName: 'bench-notifications' });
  const gw = await gateway();
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'all' });
    await seed(ds);
    const channel = smsGatewayChannel({ url: gw.url, bodyTemplate: '{"phone":"{phone}","text":"{text}"}' });

    let t0 = performance.now();
    for (let i = 0; i < NOTICES; i++) await channel.send('+380670000001', { subject: '', text: 'Звернення 2026-000001 зареєстровано.' });
    const bare = (performance.now() - t0) / 1000;

    const jobs = await startJobs({ url: pg.url, log, poolSize: 4 });
    const send = createNoticeSender({ dataSource: ds, channels: { sms: channel }, statusBaseUrl: 'https://contact.example', log });
    const stop = await workNotificationJobs(jobs.boss, { dataSource: ds, send, log, intervalMs: 100, pollingIntervalSeconds: 0.5 });
    t0 = performance.now();
    await ds.query(`INSERT INTO notification_outbox (request_id, citizen_id, event, channel) SELECT id, citizen_id, 'registered', 'sms' FROM requests WHERE citizen_id <= $1`, [NOTICES]);
    for (;;) {
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM notification_outbox WHERE status = 'sent'`);
      if (n >= NOTICES) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const outbox = (performance.now() - t0) / 1000;
    stop();
    await jobs.stop();
    const [{ twice }] = await ds.query(`SELECT count(*)::int - count(DISTINCT id)::int AS twice FROM notification_outbox WHERE status = 'sent'`);

    const pick = (i: number) => 1 + ((i * 7919) % REQUESTS);
    const plain = await timed(LOOKUPS, (i) => ds.query('SELECT id, status, due_at FROM requests WHERE number = $1', [`2026-${String(pick(i)).padStart(6, '0')}`]));
    const lookup = await timed(LOOKUPS, (i) => findByNumberAndPhone(ds, `2026-${String(pick(i)).padStart(6, '0')}`, String(pick(i)).padStart(7, '0').slice(-4)));
    const wrong = await timed(LOOKUPS, (i) => findByNumberAndPhone(ds, `2026-${String(pick(i)).padStart(6, '0')}`, '0000'));

    console.log(`${NOTICES.toLocaleString('en')} SMS notices to a local gateway`);
    console.log(`  bare POSTs, one after another (baseline): ${bare.toFixed(1)} s, ${Math.round(NOTICES / bare)}/s`);
    console.log(`  outbox → relay → pg-boss → sender:       ${outbox.toFixed(1)} s, ${Math.round(NOTICES / outbox)}/s (gateway got ${gw.received() - NOTICES}; sent twice: ${twice})`);
    console.log(`status page lookups among ${REQUESTS.toLocaleString('en')} requests (${LOOKUPS} each)`);
    console.log(`  plain read by number (baseline): ${percentiles(plain)}`);
    console.log(`  number + last four digits:       ${percentiles(lookup)}`);
    console.log(`  wrong digits (the same path):    ${percentiles(wrong)}`);
    console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min)`);
  } finally {
    gw.server.close();
    if (ds.isInitialized) await ds.destroy();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
