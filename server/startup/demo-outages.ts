import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { agentCompleteStyle, type Simulator } from '../../telephony';

/** A caller the demo rings with. */
export interface DemoCaller {
  phone: string;
  name: string | null;
}

// The demo history's streets (db/seed/vocabulary.ts): the outage is on one, the bursts go round the others.
const OUTAGE_STREET = 'проспект Поштовий';
const BURST_STREETS = ['вулиця Тбіліська', 'вулиця Короленка', 'вулиця Співдружності', 'вулиця Кобилянського'];
const BURST_CALLS = 6;

/** When the bursts come (tests shorten them): the first after a minute, a call every 45 s, again every 40 minutes. */
export interface DemoOutageTiming {
  firstBurstMs: number;
  gapMs: number;
  everyMs: number;
  talkMs: [number, number];
}
const TIMING: DemoOutageTiming = { firstBurstMs: 60_000, gapMs: 45_000, everyMs: 40 * 60_000, talkMs: [15_000, 25_000] };

async function callersOn(dataSource: DataSource, street: string, maxHouse: number, limit: number): Promise<DemoCaller[]> {
  return dataSource.query(
    `SELECT p.phone, c.full_name AS name FROM citizens c JOIN citizen_phones p ON p.citizen_id = c.id
      WHERE c.address LIKE $1 || ', %' AND split_part(c.address, ', ', 2) ~ '^[0-9]+$' AND split_part(c.address, ', ', 2)::int <= $2
      ORDER BY c.id LIMIT $3`,
    [street, maxHouse, limit],
  );
}

/** Registers the demo's outage (water, emergency, since 40 minutes ago) unless an outage is already open. */
async function ensureOutage(dataSource: DataSource): Promise<void> {
  const [open] = await dataSource.query('SELECT id FROM outages WHERE closed_at IS NULL LIMIT 1');
  if (open) return;
  await dataSource.query(
    `INSERT INTO outages (kind, planned, district_code, addresses, executor_id, starts_at, expected_end_at, text, created_by)
     VALUES ('water', false, 'TSM', $1::jsonb, (SELECT id FROM executors WHERE code = 'WATER'), now() - interval '40 minutes',
             now() + interval '4 hours', $2, (SELECT id FROM users WHERE username = 'supervisor'))`,
    [JSON.stringify([{ street: 'просп. Поштовий', buildings: '1-60' }]),
      'Пошкодження водогону на просп. Поштовому: будинки 1–60 без холодної води. Аварійна бригада КП «Кривбасводоканал» на місці, воду обіцяють дати до вечора. Заявку реєструвати не потрібно: дзвінок приєднується до аварії.'],
  );
}

/**
 * The demo's part of the proactive pop: an active outage with callers inside it (their calls pop with the outage
 * first), and every 40 minutes a burst of heating calls from one street that the spike detector turns into a
 * "possible outage" on the supervisor's live page. The simulated agents do not classify calls, so the demo
 * classifies the burst's calls itself once they end, as an agent would (topic HS.03).
 */
export async function startDemoOutages(o: {
  simulator: Simulator;
  dataSource: DataSource;
  queue: string;
  log: Logger;
  outages: { reload(): Promise<void>; detector: { scan(): Promise<unknown> } };
  timing?: Partial<DemoOutageTiming>;
}): Promise<{ insideOutage: DemoCaller[]; stop(): void }> {
  const { simulator, dataSource, log } = o;
  const timing = { ...TIMING, ...o.timing };
  await ensureOutage(dataSource);
  await o.outages.reload();
  const insideOutage = await callersOn(dataSource, OUTAGE_STREET, 60, 60);
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  async function classify(callId: string): Promise<void> {
    await dataSource.query(
      `UPDATE calls SET wrap_up_kind = 'consultation', wrap_up_topic_code = 'HS.03', wrapped_up_at = now() WHERE id = $1 AND wrap_up_kind IS NULL`,
      [callId],
    );
  }

  async function burst(round: number): Promise<void> {
    const street = BURST_STREETS[round % BURST_STREETS.length];
    const callers = await callersOn(dataSource, street, 40, BURST_CALLS);
    log.info({ street, calls: callers.length }, 'demo: a burst of heating calls from one street (the spike detector should see it)');
    callers.forEach((caller, i) => later(i * timing.gapMs, () => {
      const talkMs = timing.talkMs[0] + Math.round(Math.random() * (timing.talkMs[1] - timing.talkMs[0]));
      const placed = simulator.placeCall({ from: caller.phone, name: caller.name ?? undefined, queue: o.queue, ringMs: 1_000, talkMs, agentComplete: agentCompleteStyle(Math.random) });
      // The call is in the log once it ended; the classification waits for that (an agent classifies after the call too).
      later(talkMs + 5_000, () => void classify(placed.callId).then(() => o.outages.detector.scan()).catch((e: Error) => log.warn({ err: e }, 'demo burst call not classified')));
    }));
    later(timing.everyMs, () => void burst(round + 1));
  }
  later(timing.firstBurstMs, () => void burst(0));
  log.info({ insideOutage: insideOutage.length }, 'demo outages: an active outage on просп. Поштовий and bursts for the spike detector');
  return {
    insideOutage,
    stop: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
