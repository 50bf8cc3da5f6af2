import type { AppDeps } from '../../server/app';
import type { ConsultationsOptions } from '../../server/consultations/consultations.module';
import type { RunnerOptions } from '../../server/consultations/runner-options';
import type { DialBehaviour, DialOutcome, SimulatorOptions } from '../../telephony/simulator';
import { body } from '../setup/app';
import { connectConsole, eventually, startCallsTestbed, type CallsTestbed, type Console } from './calls-harness';

/**
 * Who answers what in the consultation tests: by the number in the dial string (`PJSIP/<number>@trunk`,
 * `Local/<number>@context/n`); everyone else answers. `channels` are the dial strings as the PBX got them.
 */
export function dialTable(): { behaviour: DialBehaviour; set(number: string, outcome: DialOutcome): void; dialled: string[]; channels: string[] } {
  const table = new Map<string, DialOutcome>();
  const dialled: string[] = [];
  const channels: string[] = [];
  return {
    dialled,
    channels,
    set: (number, outcome) => table.set(number, outcome),
    behaviour: (channel) => {
      const number = /(?:PJSIP|Local)\/([^@/]+)/i.exec(channel)?.[1] ?? channel;
      dialled.push(number);
      channels.push(channel);
      return table.get(number) ?? { answer: true, afterMs: 30 };
    },
  };
}

export interface ConsultationBed extends CallsTestbed {
  supervisor: string;
  agent: string;
  official: { cookie: string; user: { id: number } };
  dial: ReturnType<typeof dialTable>;
  /** Schedules a consultation (in an hour) with citizens registered by phone; returns its view. */
  consultation(o?: { dialMode?: 'sequential' | 'parallel'; citizens?: string[]; officialId?: number }): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  view(id: number): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  post(path: string, json?: object, cookie?: string): Promise<Response>;
  watch(id: number, cookie?: string): Promise<Console & { panel: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  legsIn(id: number, predicate: (legs: any[]) => boolean, what: string): Promise<any[]>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

let slot = 0;

export async function startConsultationBed(
  runner: Partial<Pick<RunnerOptions, 'retries' | 'retryDelayMs' | 'dial'>> = {}, options: ConsultationsOptions = {}, app: Partial<AppDeps> = {}, sim: SimulatorOptions = {},
): Promise<ConsultationBed> {
  const dial = dialTable();
  const bed = await startCallsTestbed({ ...sim, dial: dial.behaviour }, { ...app, consultations: { ...options, runner: { retries: 1, retryDelayMs: 150, ringTimeoutMs: 3000, ...runner } } });
  const { t } = bed;
  const supervisor = (await t.login({ role: 'supervisor' })).cookie;
  const agent = (await t.login({ role: 'agent' })).cookie;
  const official = await t.login({ role: 'official', fullName: 'Коваль Ірина', phone: '0671110001' });
  const post = (path: string, json: object = {}, cookie = supervisor) => t.fetch(path, { method: 'POST', cookie, json });
  const view = async (id: number) => body(await t.fetch(`/api/consultations/${id}`, { cookie: supervisor }));
  return {
    ...bed, supervisor, agent, official, dial, post, view,
    async consultation(o = {}) {
      const startsAt = new Date(Date.now() + (60 + 90 * ++slot) * 60_000).toISOString();
      const res = await post('/api/consultations', { officialId: o.officialId ?? official.user.id, topic: 'Благоустрій дворів', startsAt, durationMinutes: 60, dialMode: o.dialMode ?? 'sequential', autoStart: false });
      const c = await body(res);
      for (const [i, phone] of (o.citizens ?? []).entries()) {
        const r = await post(`/api/consultations/${c.id}/participants`, { citizen: { fullName: `Громадянин ${i + 1}`, phone }, question: `Питання номер ${i + 1}` }, agent);
        if (r.status !== 201) throw new Error(`registration failed: ${r.status} ${await r.text()}`);
      }
      return view(c.id);
    },
    async watch(id, cookie = supervisor) {
      const c = connectConsole(t.baseUrl, cookie);
      await new Promise<void>((resolve) => c.socket.on('connect', () => resolve()));
      const reply = await c.socket.emitWithAck('consultation:watch', { id });
      if (!reply.ok) throw new Error(`watch refused: ${reply.error.code}`);
      return Object.assign(c, { panel: reply.panel });
    },
    legsIn: (id, predicate, what) => eventually(async () => {
      const legs = (await view(id)).legs;
      return predicate(legs) ? legs : null;
    }, what),
  };
}
