import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { agentCompleteStyle, type Simulator } from '../../telephony';
import { maybeRepeatCaller } from '../seed/demo-notices';
import { demoCallScript } from './demo-caller';
import { DEFAULT_DEMO_LOAD, type DemoLoad } from './demo-load';
import { DEMO_QUEUE } from './telephony';

/**
 * Demo mode: the simulator rings the demo agents with callers the city knows — mostly citizens with open
 * requests, some with none, some unknown numbers — so a newcomer sees a real caller card within a minute.
 */
export async function startDemoCalls(opts: {
  simulator: Simulator;
  dataSource: DataSource;
  callsPerMinute: number;
  /** Talk and ring times; the defaults make an ordinary day for three agents (see demo-load.ts). */
  load?: Partial<Omit<DemoLoad, 'callsPerMinute'>>;
  log: Logger;
  queue?: string;
  /** Callers whose home is inside the demo's outage: a quarter of the calls come from them. */
  insideOutage?: { phone: string; name: string | null }[];
}): Promise<() => void> {
  const { simulator, callsPerMinute } = opts;
  const talk = opts.load?.talkSeconds ?? DEFAULT_DEMO_LOAD.talkSeconds;
  const ring = opts.load?.ringSeconds ?? DEFAULT_DEMO_LOAD.ringSeconds;
  const patience = opts.load?.patienceSeconds ?? DEFAULT_DEMO_LOAD.patienceSeconds;
  const rows: { phone: string; name: string | null }[] = await opts.dataSource.query(`
    SELECT p.phone, c.full_name AS name FROM citizens c JOIN citizen_phones p ON p.citizen_id = c.id
     WHERE EXISTS (SELECT 1 FROM requests r WHERE r.citizen_id = c.id AND r.status NOT IN ('closed', 'cancelled'))
     ORDER BY c.id LIMIT 300`);
  const known = rows.length ? rows : [{ phone: '+380671234567', name: null }];
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const queue = opts.queue ?? DEMO_QUEUE;

  const placeOne = () => {
    const r = Math.random();
    const inside = opts.insideOutage ?? [];
    const caller = maybeRepeatCaller(Math.random)
      ?? (inside.length && r < 0.25 ? inside[Math.floor(Math.random() * inside.length)]
        : r < 0.8 ? known[Math.floor(Math.random() * known.length)] : { phone: `+38050${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`, name: null });
    simulator.placeCall({
      from: caller.phone,
      name: caller.name ?? undefined,
      queue,
      ...demoCallScript(Math.random, { ringSeconds: ring, talkSeconds: talk, patienceSeconds: patience }),
      agentComplete: agentCompleteStyle(Math.random),
    });
  };
  // Poisson arrivals at the configured rate; the first call comes soon after start.
  const next = (delayMs: number) => {
    if (stopped || callsPerMinute <= 0) return;
    timer = setTimeout(() => {
      placeOne();
      next(-Math.log(1 - Math.random()) * (60_000 / callsPerMinute));
    }, delayMs);
    timer.unref();
  };
  next(10_000);
  opts.log.info({ callsPerMinute, talkSeconds: talk, meanPatienceSeconds: patience, knownCallers: known.length }, 'demo calls: the simulator will ring the demo agents and answer for them');
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
