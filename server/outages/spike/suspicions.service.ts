import type { DataSource } from 'typeorm';
import { conflict, notFound } from '../../http/errors';
import type { AuditService } from '../../audit/audit.service';
import { kindOfGroup, type OutageKind } from '../outage-kinds';
import type { Actor, OutagesService } from '../outages.service';
import type { OutageView } from '../outages.repository';
import type { Sql } from '../../citizens/citizens.repository';
import { spikeRepository as repo, toView, type SuspicionRow } from './spike.repository';

export interface DeclareInput {
  kind?: OutageKind;
  planned?: boolean;
  text?: string;
  expectedEndAt?: string | null;
}

/** What agents read out until the supervisor writes more (the city's language: it is read to callers). */
const READ_OUT: Record<OutageKind, string> = {
  water: 'відсутнє холодне водопостачання', hot_water: 'відсутнє гаряче водопостачання', heating: 'відсутнє опалення',
  electricity: 'відсутнє електропостачання', gas: 'відсутнє газопостачання', lift: 'не працює ліфт', road_works: 'дорожні роботи', other: 'аварія',
};

export interface SuspicionsDeps {
  dataSource: DataSource;
  audit: AuditService;
  outages: OutagesService;
  /** Tells the supervisors' screens the suspicion is decided. */
  closed(c: { id: number; status: 'declared' | 'dismissed'; outageId: number | null }): void;
}

/** The supervisor's answer to a suspicion: declare the outage (prefilled from the calls) or dismiss it. */
export function createSuspicionsService(deps: SuspicionsDeps) {
  const { dataSource, audit } = deps;

  /** Runs `run` with the suspicion locked: two supervisors deciding at once make one outage, the other a 409. */
  async function decide(id: number, run: (s: SuspicionRow, m: Sql) => Promise<void>): Promise<void> {
    await dataSource.transaction(async (m) => {
      const s = await repo.byId(m, id, true);
      if (!s) throw notFound('Suspected outage');
      if (s.status !== 'open') throw conflict('suspicion_decided', `This suspicion was already ${s.status}.`);
      await run(s, m);
    });
  }

  return {
    async list() {
      return (await repo.open(dataSource)).map(toView);
    },

    async declare(id: number, input: DeclareInput, actor: Actor): Promise<OutageView> {
      let outage: OutageView | null = null;
      await decide(id, async (s, m) => {
        const kind = input.kind ?? kindOfGroup(s.topicGroup);
        outage = await deps.outages.create({
          kind, planned: input.planned ?? false, districtCode: s.districtCode,
          addresses: [{ street: s.street, buildings: s.buildings }], startsAt: new Date(s.since).toISOString(),
          expectedEndAt: input.expectedEndAt ?? null, text: input.text ?? `${s.street} ${s.buildings ?? ''}: ${READ_OUT[kind]}. Причину з'ясовують.`.replace(/\s+:/, ':'),
          executorId: null,
        }, actor, id);
        await repo.decide(m, id, 'declared', actor.user.id, outage.id);
      });
      await audit.record({ userId: actor.user.id, action: 'declare', entity: 'outage_suspicion', entityId: id, detail: { outageId: outage!.id }, ip: actor.ip });
      deps.closed({ id, status: 'declared', outageId: outage!.id });
      return outage!;
    },

    async dismiss(id: number, actor: Actor): Promise<void> {
      await decide(id, (s, m) => repo.decide(m, s.id, 'dismissed', actor.user.id, null));
      await audit.record({ userId: actor.user.id, action: 'dismiss', entity: 'outage_suspicion', entityId: id, ip: actor.ip });
      deps.closed({ id, status: 'dismissed', outageId: null });
    },
  };
}
