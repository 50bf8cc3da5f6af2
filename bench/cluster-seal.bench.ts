// `npm run bench:seal`: what sealing the cluster channel costs per message (server/cluster/channel-seal.ts).
// For three sizes of what the nodes tell each other (a presence line, a pop with its card, a queue snapshot)
// it times JSON alone (the adapter's own work) and JSON + seal + open (what every message now costs both
// ends), and prints µs per message, messages/s and the size on the wire. It never fails.
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { createChannelSeal } from '../server/cluster/channel-seal';

const ROUNDS = 5;
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const CHANNEL = 'socket.io#/';

const card = { citizen: { id: 1, fullName: 'Петренко Олена Іванівна', phones: ['+380671234567'] }, openRequests: Array.from({ length: 5 }, (_, i) => ({ id: i, number: `2026-${i}`, status: 'assigned', topic: 'Житлово-комунальне господарство', executor: 'КП «Кривбасводоканал»', dueAt: new Date().toISOString(), overdueDays: i })) };
const samples = {
  presence: { uid: 'a1b2', nsp: '/', type: 9, data: { packet: ['cluster', { kind: 'presence', from: 'node-a', user: { id: 12, role: 'agent', interface: 'PJSIP/1001', fullName: 'Агент Один' }, online: true, reason: 'connected' }] } },
  pop: { uid: 'a1b2', nsp: '/', type: 3, data: { packet: { type: 2, data: ['call:offered', { callId: '1767225600.42', queue: 'support', callerNumber: '+380671234567', card }], nsp: '/' }, opts: { rooms: ['user:12'], except: [], flags: {} } } },
  snapshot: { uid: 'a1b2', nsp: '/', type: 3, data: { packet: { type: 2, data: ['queues:snapshot', { queues: Array.from({ length: 4 }, (_, q) => ({ name: `q${q}`, waiting: Array.from({ length: 10 }, (_, i) => ({ callId: `c${i}`, callerNumber: `+38067${1000000 + i}`, position: i + 1, since: new Date().toISOString() })) })) }], nsp: '/' }, opts: { rooms: ['supervisors'], except: [], flags: {} } } },
};

function time(work: () => void): number {
  const started = performance.now();
  for (let i = 0; i < MESSAGES; i++) work();
  return (performance.now() - started) / MESSAGES;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const sender = createChannelSeal({ secret: 'bench-secret', windowMs: 3_600_000 });
const receiver = createChannelSeal({ secret: 'bench-secret', windowMs: 3_600_000 });
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${MESSAGES} messages × ${ROUNDS} rounds, median`);
for (const [name, message] of Object.entries(samples)) {
  const plain: number[] = [];
  const sealed: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    plain.push(time(() => JSON.parse(JSON.stringify(message))));
    sealed.push(time(() => {
      const opened = receiver.open(sender.seal(JSON.stringify(message), CHANNEL), CHANNEL);
      if (!opened.ok) throw new Error(opened.reason);
      JSON.parse(opened.value);
    }));
  }
  const bytes = Buffer.byteLength(JSON.stringify(message));
  const wire = Buffer.byteLength(sender.seal(JSON.stringify(message), CHANNEL));
  const p = median(plain) * 1000;
  const s = median(sealed) * 1000;
  console.log(`${name.padEnd(9)} ${String(bytes).padStart(5)} B → ${String(wire).padStart(5)} B sealed | JSON ${p.toFixed(1)} µs, sealed ${s.toFixed(1)} µs (+${(s - p).toFixed(1)} µs, ${Math.round(1e6 / s)} msg/s)`);
}
