/**
 * How long the staffing search takes (figures only; it passes or fails nothing): Erlang C and A for a city
 * hotline's half hour, 10,000 calls an hour (500+ agents), and the heaviest load `GET /api/staffing/erlang` takes.
 */
import { performance } from 'node:perf_hooks';
import { agentsErlangA, agentsErlangC, DEFAULT_TARGETS } from '../server/staffing/agents-needed';

const cases = [
  { name: 'hotline half hour: 160 calls/h, 180 s', load: { callsPerHour: 160, ahtSeconds: 180 }, patience: 100, targets: DEFAULT_TARGETS },
  { name: '10,000 calls/h, 180 s, patience 90 s', load: { callsPerHour: 10_000, ahtSeconds: 180 }, patience: 90, targets: DEFAULT_TARGETS },
  { name: 'API worst: 20,000 calls/h, 360 s, patience 3600 s, 1 % in 600 s', load: { callsPerHour: 20_000, ahtSeconds: 360 }, patience: 3600,
    targets: { serviceLevelPercent: 1, serviceLevelSeconds: 600, maxAbandonPercent: 100, maxOccupancyPercent: 100 } },
  { name: 'API worst: 20,000 calls/h, 360 s, patience 300 s, 99 % in 600 s', load: { callsPerHour: 20_000, ahtSeconds: 360 }, patience: 300,
    targets: { serviceLevelPercent: 99, serviceLevelSeconds: 600, maxAbandonPercent: 100, maxOccupancyPercent: 100 } },
];

for (const c of cases) {
  const t0 = performance.now();
  const erlangC = agentsErlangC(c.load, c.targets);
  const t1 = performance.now();
  const erlangA = agentsErlangA(c.load, c.targets, c.patience);
  const t2 = performance.now();
  const agents = (s: typeof erlangC | typeof erlangA) => (s.met ? s.result.agents : 'unmet');
  process.stdout.write(`${c.name}: Erlang C ${agents(erlangC)} agents in ${(t1 - t0).toFixed(1)} ms, Erlang A ${agents(erlangA)} in ${(t2 - t1).toFixed(1)} ms\n`);
}
