import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.types';
import { AppError, conflict, forbidden, notFound } from '../http/errors';
import { createReferenceChecks } from '../requests/reference-checks';
import { createRequestsService } from '../requests/requests.service';
import { newRequestSchema } from '../requests/requests.schemas';
import { tookPart } from '../calls/transfer/transfer.repository';
import { KIND_TOPIC, type OutageKind } from './outage-kinds';
import { outagesRepository as repo, type OutageView } from './outages.repository';
import type { NewOutage, OutageChange } from './outages.schemas';

export interface Actor {
  user: AuthUser;
  ip?: string;
}

export interface OutagesServiceDeps {
  dataSource: DataSource;
  audit: AuditService;
  /** Told after every change: the index reloads and the cards on the desks follow. */
  changed(): Promise<void>;
  /** The call was classified by attaching it (lifts the agent's wrap-up hold). */
  classified?(userId: number, callId: string): void;
}

/** Executors act for their own organisation only; to them another's outage does not exist. */
function visible(o: OutageView, user: AuthUser): boolean {
  return user.role !== 'executor' || (user.executorId != null && o.executorId === user.executorId);
}

/** Registering, changing and closing outages, and attaching a call to one instead of registering a new request. */
export function createOutagesService(deps: OutagesServiceDeps) {
  const { dataSource, audit } = deps;
  const checks = createReferenceChecks(dataSource);
  const requests = createRequestsService(dataSource, audit);

  async function mine(id: number, user: AuthUser): Promise<OutageView> {
    const o = await repo.byId(dataSource, id);
    if (!o || !visible(o, user)) throw notFound('Outage');
    return o;
  }

  /** The organisation the outage is for: an executor's own, whatever else they name is refused. */
  function organisationOf(input: NewOutage, user: AuthUser): number | null {
    if (user.role !== 'executor') return input.executorId;
    if (input.executorId !== null && input.executorId !== user.executorId) throw forbidden();
    return user.executorId ?? null;
  }

  return {
    async create(input: NewOutage, actor: Actor, suspicionId: number | null = null): Promise<OutageView> {
      const executorId = organisationOf(input, actor.user);
      if (input.districtCode) await checks.district(input.districtCode, 'districtCode');
      if (executorId !== null && actor.user.role !== 'executor') await checks.executor(executorId, 'executorId');
      const id = await repo.insert(dataSource, { ...input, executorId, createdBy: actor.user.id, suspicionId });
      await audit.record({ userId: actor.user.id, action: 'create', entity: 'outage', entityId: id, detail: { kind: input.kind, suspicionId }, ip: actor.ip });
      await deps.changed();
      return (await repo.byId(dataSource, id))!;
    },

    async update(id: number, change: OutageChange, actor: Actor): Promise<OutageView> {
      const before = await mine(id, actor.user);
      if (before.closedAt) throw conflict('outage_closed', 'This outage is closed.');
      if (change.districtCode) await checks.district(change.districtCode, 'districtCode');
      const startsAt = change.startsAt ?? before.startsAt;
      const end = change.expectedEndAt === undefined ? before.expectedEndAt : change.expectedEndAt;
      if (end && Date.parse(end) <= Date.parse(startsAt)) throw new AppError(400, 'invalid_input', 'The end is before the start.', { expectedEndAt: 'must be after startsAt' });
      const addresses = change.addresses ?? before.addresses;
      const district = change.districtCode === undefined ? before.districtCode : change.districtCode;
      if (addresses.length === 0 && !district) throw new AppError(400, 'invalid_input', 'An outage needs a place.', { addresses: 'required' });
      await repo.update(dataSource, id, change);
      await audit.record({ userId: actor.user.id, action: 'update', entity: 'outage', entityId: id, detail: { fields: Object.keys(change) }, ip: actor.ip });
      await deps.changed();
      return (await repo.byId(dataSource, id))!;
    },

    async close(id: number, actor: Actor): Promise<OutageView> {
      const before = await mine(id, actor.user);
      if (before.closedAt) throw conflict('outage_closed', 'This outage is closed already.');
      await repo.close(dataSource, id, actor.user.id);
      await audit.record({ userId: actor.user.id, action: 'close', entity: 'outage', entityId: id, ip: actor.ip });
      await deps.changed();
      return (await repo.byId(dataSource, id))!;
    },

    async list(active: boolean, user: AuthUser): Promise<OutageView[]> {
      if (user.role === 'executor' && user.executorId == null) return [];
      return repo.list(dataSource, { active, executorId: user.role === 'executor' ? user.executorId! : null, limit: 2_000 });
    },

    get: mine,

    /**
     * The call is about this outage: it joins the outage's mass incident (a request flagged `mass`) instead of
     * making a new request. The first call attached opens the incident; the outage row's lock makes two agents
     * attaching at once open one, not two.
     */
    async attach(id: number, callId: string, actor: Actor): Promise<{ outageId: number; incidentId: number; callId: string }> {
      const [call] = await dataSource.query('SELECT id, agent_user_id AS "agentUserId", citizen_id AS "citizenId" FROM calls WHERE id = $1', [callId]);
      if (!call) throw new AppError(404, 'call_not_found', 'No such call.', { callId: 'not found' });
      if (actor.user.role === 'agent' && call.agentUserId !== actor.user.id && !(await tookPart(dataSource, callId, actor.user.id))) throw forbidden();
      const incidentId = await dataSource.transaction(async (m) => {
        const o = await repo.byId(m, id, true);
        if (!o) throw notFound('Outage');
        if (o.closedAt) throw conflict('outage_closed', 'This outage was closed: register a request instead.');
        if (o.incidentId !== null) {
          await linkToIncident(m, callId, o.incidentId);
          return o.incidentId;
        }
        const created = await requests.create(newRequestSchema.parse({
          ...(call.citizenId ? { citizenId: call.citizenId } : { subject: 'anonymous' }),
          topicCode: KIND_TOPIC[o.kind as OutageKind], description: o.text, source: 'call', needsStudy: false, callId,
          address: placeOf(o), ...(o.executorId ? { executorId: o.executorId } : {}), ...(o.districtCode ? { district: o.districtCode } : {}),
        }), actor);
        await m.query(`UPDATE requests SET flags = CASE WHEN 'mass' = ANY(flags) THEN flags ELSE array_append(flags, 'mass') END WHERE id = $1`, [created.id]);
        await repo.setIncident(m, id, created.id);
        return created.id as number;
      });
      await audit.record({ userId: actor.user.id, action: 'attach', entity: 'outage', entityId: id, detail: { callId, requestId: incidentId }, ip: actor.ip });
      deps.classified?.(actor.user.id, callId);
      await deps.changed();
      return { outageId: id, incidentId, callId };
    },
  };
}
export type OutagesService = ReturnType<typeof createOutagesService>;

/** Where the incident is: the outage's first street and its houses (the request's address). */
function placeOf(o: OutageView): string | undefined {
  const first = o.addresses[0];
  return first ? [first.street, first.buildings].filter(Boolean).join(', ') : undefined;
}

/** One more call about the incident: classified as attached to it, counted on it. */
async function linkToIncident(m: { query: DataSource['query'] }, callId: string, incidentId: number): Promise<void> {
  await m.query(
    `UPDATE calls SET wrap_up_kind = 'attached', wrapped_up_at = now(),
            wrap_up_topic_code = (SELECT topic_code FROM requests WHERE id = $2) WHERE id = $1`,
    [callId, incidentId],
  );
  await m.query('INSERT INTO call_requests (call_id, request_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [callId, incidentId]);
}
