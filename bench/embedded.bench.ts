/**
 * `npm run bench:embedded`: what the embedded PostgreSQL's hardening costs and how fast it heals. Times a
 * first start (initdb, start, roles), a start of an existing cluster (the role checks run every time), and
 * ROUNDS times a SIGKILL of the postmaster until a query through the application's pool answers again.
 * Prints min / median / max; never fails.
 */
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { isAlive } from '../db/embedded';
import { startDatabase } from '../server/startup/database';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const postmasterPid = async (dir: string) => Number((await readFile(path.join(dir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return `min ${sorted[0].toFixed(0)} ms, median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`;
};

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hc-bench-embedded-'));
  await chmod(dir, 0o755); // as root, PostgreSQL runs as the 'postgres' user
  const log = pino({ level: 'silent' });
  try {
    let t = performance.now();
    const first = await startDatabase({ url: null, dataDir: dir, log, poolSize: 2 });
    console.log(`first start (initdb, start, roles, migrations): ${(performance.now() - t).toFixed(0)} ms`);
    await first.dataSource.destroy();
    await first.embedded!.stop();

    t = performance.now();
    const { dataSource, embedded } = await startDatabase({ url: null, dataDir: dir, log, poolSize: 2 });
    console.log(`start of an existing cluster (roles checked, nothing to migrate): ${(performance.now() - t).toFixed(0)} ms`);

    const recoveries: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const pid = await postmasterPid(dir);
      t = performance.now();
      process.kill(pid, 'SIGKILL');
      // A backend may still answer for an instant after its postmaster is gone: wait for the new one.
      for (;;) {
        const now = await postmasterPid(dir).catch(() => pid);
        if (now !== pid && isAlive(now) && (await dataSource.query('SELECT 1').then(() => true, () => false))) break;
        await sleep(50);
      }
      recoveries.push(performance.now() - t);
    }
    console.log(`postmaster SIGKILL → a query answers again, ${ROUNDS} rounds: ${stats(recoveries)}`);
    await dataSource.destroy();
    await embedded!.stop();
  } catch (e) {
    console.error(e);
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

main().then(() => process.exit(0), (e: Error) => {
  console.error(e);
  process.exit(1);
});
