// `npm run bench:redaction`: what hiding a confidential applicant from executors costs per request.
// The executor's list and export build every row's view (toRequestView); for a confidential applicant that
// parses two addresses and scans the description for flats and name forms. Prints rows/s of the executor's
// view for ordinary applicants (the baseline) and for confidential ones, in the same run. It never fails.
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { AuthUser } from '../server/auth/auth.types';
import { toRequestView } from '../server/requests/request.view';
import type { RequestRow } from '../server/requests/requests.repository';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const executor = { id: 1, username: 'water', role: 'executor', fullName: 'КП', executorId: 1 } as unknown as AuthUser;
const streets = ['вул. Гетьманська', 'просп. Металургів', 'Кобилянського вул', 'б-р Вечірній', 'вулиця Січеславська'];
const names = ['Коваль Петро Іванович', 'Петренко Ганна Олегівна', 'Кравець Ольга', 'Бондаренко Марія', 'Шевченко Федір'];

function rowOf(i: number, confidential: boolean): RequestRow {
  const street = streets[i % streets.length];
  const name = names[i % names.length];
  const house = 1 + (i % 120);
  const flat = 1 + (i % 300);
  return {
    id: i, number: `2026-${String(i).padStart(6, '0')}`, status: 'assigned', receivedAt: new Date(), dueAt: new Date(), source: 'call',
    externalNumber: null, kind: 'application', subject: 'individual', signatories: null, addressee: 'city_leadership', category: 'service',
    topicCode: 'HS.11', topicName: 'Витік води', citizenId: i, citizenName: name, citizenAddress: `${street}, ${house}, кв. ${flat}`,
    citizenPhones: ['+380501234567'], citizenCategory: null, privileged: false, confidential,
    address: i % 2 ? `${street} ${house}/${flat}` : `${street}, буд. ${house}, квартира ${flat}`, addressIsHome: i % 3 === 0,
    district: null, description: `Немає холодної води третій день, ${street} ${house} кв ${flat}. ${name.split(' ')[0]} просить передзвонити після 18:00.`,
    executorId: 1, executorCode: 'WATER', executorName: 'КП', result: null, answer: null, needsStudy: true, extendedDays: 0,
    pendingExtension: null, flags: [], reworkCount: 0, satisfaction: null, incidentId: null, closedAt: null, completedAt: null,
    callbackAttempts: 0, lastCallbackAt: null, createdAt: new Date(), updatedAt: new Date(), version: 1,
  };
}

function rowsPerSecond(confidential: boolean): number {
  const rows = Array.from({ length: ROWS }, (_, i) => rowOf(i, confidential));
  const now = new Date();
  for (const r of rows.slice(0, 2_000)) toRequestView(r, executor, now); // warm-up
  const start = performance.now();
  let kept = 0;
  for (const r of rows) kept += toRequestView(r, executor, now).description.length;
  const seconds = (performance.now() - start) / 1000;
  if (kept === 0) console.log('(nothing kept)');
  return ROWS / seconds;
}

const plain = rowsPerSecond(false);
const hidden = rowsPerSecond(true);
console.log(`executor's view of ${ROWS.toLocaleString('en')} requests`);
console.log(`  ordinary applicants:     ${Math.round(plain).toLocaleString('en')} rows/s (${(1e6 / plain).toFixed(1)} µs a row)`);
console.log(`  confidential applicants: ${Math.round(hidden).toLocaleString('en')} rows/s (${(1e6 / hidden).toFixed(1)} µs a row), ${(plain / hidden).toFixed(1)}× the baseline's time`);
console.log(`  a 200-row page of confidential rows: ${((200 / hidden) * 1000).toFixed(1)} ms`);
console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min)`);
