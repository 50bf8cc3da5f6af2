import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.types';
import { createCitizensRepository, type CitizenView, type Sql } from '../citizens/citizens.repository';
import { sameHome, withoutFlat } from '../addresses/normalise';
import { AppError, badRequest, conflict, notFound } from '../http/errors';
import { normalisePhone } from '../phones';
import { createRoutingRepository } from '../routing/routing.repository';
import { categoryOf, DEFAULT_ADDRESSEE } from './category';
import { executorRedaction } from './confidential';
import { fillExecutorSearch } from './executor-search';
import { dueDate } from './deadlines';
import { isExternalNumberTaken } from './external-number';
import { detectFlags, linkIncident, type FlagOptions, type IntakeFacts } from './intake-flags';
import { createReferenceChecks, type TopicRow } from './reference-checks';
import { toRequestView, toTimelineView } from './request.view';
import { createRequestsRepository, type NewRequestRow, type RequestRow } from './requests.repository';
import type { NewRequest } from './requests.schemas';

export interface RequestsOptions extends FlagOptions {
  /** How long an unreached citizen waits before the callback list offers them again. */
  callbackRetryMinutes: number;
  now: () => Date;
}
export const DEFAULT_OPTIONS: RequestsOptions = { massThreshold: 5, massWindowHours: 72, callbackRetryMinutes: 120, now: () => new Date() };

/** Who acts, for the audit log and the timeline. */
export interface Actor {
  user: AuthUser;
  ip?: string | null;
}

interface Prepared {
  topic: TopicRow;
  executor: { id: number; name: string } | null;
  districtCode: string | null;
  /** The applicant named by `citizenId`, read once for its district and address. */
  known: CitizenView | null;
}

export function createRequestsService(dataSource: DataSource, audit: AuditService, options: Partial<RequestsOptions> = {}) {
  const o = { ...DEFAULT_OPTIONS, ...options };
  const repo = createRequestsRepository();
  const citizens = createCitizensRepository();
  const routing = createRoutingRepository();
  const checks = createReferenceChecks(dataSource);

  /** Reference codes first, outside the transaction: a typo is a 400 naming the field. */
  async function prepare(input: NewRequest): Promise<Prepared> {
    const topic = await checks.topic(input.topicCode, 'topicCode');
    if (input.district) await checks.district(input.district, 'district');
    if (input.addressee) await checks.addressee(input.addressee, 'addressee');
    if (input.citizen?.district) await checks.district(input.citizen.district, 'citizen.district');
    const known = input.citizenId ? await citizens.byId(dataSource, input.citizenId) : null;
    if (input.citizenId && !known) throw badRequest('No citizen has that id.', { citizenId: `unknown citizen ${input.citizenId}` });
    const districtCode = input.district ?? input.citizen?.district ?? known?.district ?? null;
    const executor = input.executorId
      ? await checks.executor(input.executorId, 'executorId')
      : await routing.suggest(dataSource, topic.code, districtCode);
    return { topic, executor, districtCode, known };
  }

  function phoneOf(input: NewRequest): string | null {
    if (!input.citizen) return null;
    const phone = normalisePhone(input.citizen.phone);
    if (!phone) throw badRequest('The phone number is not a Ukrainian number.', { 'citizen.phone': 'not a valid phone number' });
    return phone;
  }

  /** The applicant's id, and whether their card was written (created or updated), for the audit log. */
  async function applicant(sql: Sql, input: NewRequest, phone: string | null): Promise<{ id: number | null; written?: 'create' | 'update' }> {
    if (!input.citizen || !phone) return { id: input.citizenId ?? null };
    const { id, created } = await citizens.upsertByPhone(sql, phone, input.citizen);
    return { id, written: created ? 'create' : 'update' };
  }

  async function addressOf(sql: Sql, input: NewRequest, citizenId: number | null, known: CitizenView | null): Promise<string | null> {
    if (input.address) return input.address;
    if (input.citizen?.address) return input.citizen.address;
    if (known) return known.address;
    return citizenId ? ((await citizens.byId(sql, citizenId))?.address ?? null) : null;
  }

  /**
   * Whether the place is the applicant's home as their card has it now, however differently either was typed;
   * and, for a confidential applicant, the description as executors read it (what their search may find).
   */
  async function privacyOf(sql: Sql, address: string | null, citizenId: number | null, description: string): Promise<NewRequestRow['privacy']> {
    const card = citizenId == null ? null : await citizens.byId(sql, citizenId);
    const home = address != null && sameHome(address, card?.address) ? { building: withoutFlat(address) } : null;
    const hide = card?.confidential
      ? executorRedaction({ confidential: true, citizenName: card.fullName, citizenAddress: card.address, address, addressIsHome: home !== null })
      : null;
    return { home, executorDescription: hide ? hide.text(description) : null };
  }

  /** A sender's number names one appeal (unique with its source): the agent is sent to the request that has it. */
  async function refuseTakenNumber(sql: Sql, input: NewRequest): Promise<void> {
    if (!input.externalNumber) return;
    const [taken] = await sql.query('SELECT number FROM requests WHERE external_number = $1 AND source = $2', [input.externalNumber, input.source]);
    if (taken) {
      throw new AppError(409, 'external_number_taken', `${input.source} number ${input.externalNumber} is already request ${taken.number}.`,
        { externalNumber: `already registered as ${taken.number}` });
    }
  }

  const facts = (input: NewRequest, citizenId: number | null, address: string | null): IntakeFacts => ({
    citizenId, topicCode: input.topicCode, source: input.source, externalNumber: input.externalNumber ?? null,
    description: input.description, address, subject: input.subject,
  });

  async function visibleRow(id: number, viewer: AuthUser): Promise<RequestRow> {
    const row = await repo.byId(dataSource, id);
    if (!row || !visibleTo(row, viewer)) throw notFound('Request');
    return row;
  }

  async function view(id: number, viewer: AuthUser) {
    return toRequestView(await visibleRow(id, viewer), viewer, o.now());
  }

  return {
    options: o,

    /** The flags the agent sees before saving; nothing is written. */
    async check(input: NewRequest) {
      await prepare(input);
      const phone = phoneOf(input);
      const known = phone ? (await citizens.byPhone(dataSource, phone))[0] : null;
      const citizenId = input.citizenId ?? known?.id ?? null;
      const address = input.address ?? input.citizen?.address ?? known?.address ?? null;
      const { hits } = await detectFlags(dataSource, facts(input, citizenId, address), o);
      return { flags: hits };
    },

    /** Registers a request: applicant, number, deadline, executor and flags in one transaction. */
    async create(input: NewRequest, actor: Actor) {
      const prepared = await prepare(input);
      const phone = phoneOf(input);
      // The check inside sees committed requests only: one typed in at the same instant loses on the unique key.
      const { id, citizen } = await dataSource.transaction(async (m) => {
        const citizen = await applicant(m, input, phone);
        const citizenId = citizen.id;
        const address = await addressOf(m, input, citizenId, prepared.known);
        const f = facts(input, citizenId, address);
        const { hits, incidentRoot } = await detectFlags(m, f, o);
        await refuseTakenNumber(m, input);
        const receivedAt = input.receivedAt ? new Date(input.receivedAt) : o.now();
        const privacy = await privacyOf(m, address, citizenId, input.description);
        const newId = await repo.insert(m, {
          number: await repo.allocateNumber(m, kyivYear(receivedAt)),
          receivedAt, source: input.source, externalNumber: input.externalNumber ?? null, kind: input.kind,
          subject: input.subject, signatories: input.signatories ?? null, addressee: input.addressee ?? DEFAULT_ADDRESSEE,
          category: input.category ?? categoryOf(input.source),
          topicCode: prepared.topic.code, citizenId, address, districtCode: prepared.districtCode,
          privacy,
          description: input.description, executorId: prepared.executor?.id ?? null,
          status: prepared.executor ? 'assigned' : 'registered', needsStudy: input.needsStudy,
          dueAt: dueDate(receivedAt, prepared.topic, input.needsStudy), flags: [...new Set(hits.map((h) => h.flag))],
          incidentId: incidentRoot, createdBy: actor.user.id,
        });
        // An applicant who asks for confidentiality now: their earlier requests are redacted for executors' search too.
        if (privacy.executorDescription !== null && citizenId != null) await fillExecutorSearch(m, [citizenId]);
        if (incidentRoot != null) await linkIncident(m, incidentRoot, f, o);
        await registeredEvents(m, newId, prepared, actor, input.executorId != null);
        if (input.callId) await repo.linkCall(m, input.callId, newId, prepared.topic.code, citizenId);
        return { id: newId, citizen };
      }).catch((e: unknown) => {
        if (!isExternalNumberTaken(e)) throw e;
        throw new AppError(409, 'external_number_taken', `${input.source} number ${input.externalNumber} was registered a moment ago.`, { externalNumber: 'already registered' });
      });
      if (citizen.written) {
        await audit.record({ userId: actor.user.id, action: citizen.written, entity: 'citizen', entityId: citizen.id, detail: { via: 'request', requestId: id }, ip: actor.ip });
      }
      await audit.record({ userId: actor.user.id, action: 'create', entity: 'request', entityId: id, ip: actor.ip });
      return view(id, actor.user);
    },

    /** One request with its timeline; reading it is recorded (it holds personal data). */
    async get(id: number, actor: Actor) {
      const row = await visibleRow(id, actor.user);
      const request = toRequestView(row, actor.user, o.now());
      const hide = actor.user.role === 'executor' ? executorRedaction(row) : null;
      const timeline = toTimelineView(await repo.timeline(dataSource, id), actor.user, hide);
      await audit.record({ userId: actor.user.id, action: 'read', entity: 'request', entityId: id, ip: actor.ip });
      return { ...request, timeline };
    },

    /** The citizen could not be reached on the confirmation call: kept with its time, retried later. */
    async callbackAttempt(id: number, note: string | undefined, actor: Actor) {
      await dataSource.transaction(async (m) => {
        const row = await repo.lockForChange(m, id);
        if (!row) throw notFound('Request');
        if (row.status !== 'done') throw conflict('illegal_transition', `A callback is made only for done requests; this one is ${row.status}.`);
        await repo.update(m, id, { callback_attempts: row.callbackAttempts + 1, last_callback_at: o.now() }, false);
        await repo.addEvent(m, { requestId: id, actorId: actor.user.id, action: 'callback_attempt', comment: note ?? null, data: { outcome: 'unreachable' } });
      });
      await audit.record({ userId: actor.user.id, action: 'update', entity: 'request', entityId: id, detail: { callback: 'unreachable' }, ip: actor.ip });
      return view(id, actor.user);
    },

    view,
  };

  async function registeredEvents(m: Sql, id: number, p: Prepared, actor: Actor, chosenByAgent: boolean): Promise<void> {
    await repo.addEvent(m, { requestId: id, actorId: actor.user.id, action: 'registered', toStatus: 'registered' });
    if (!p.executor) return;
    await repo.addEvent(m, {
      requestId: id, actorId: actor.user.id, action: 'assign', fromStatus: 'registered', toStatus: 'assigned',
      data: { executorId: p.executor.id, executorName: p.executor.name, by: chosenByAgent ? 'agent' : 'routing' },
    });
  }
}
export type RequestsService = ReturnType<typeof createRequestsService>;

/** Executors see their own organisation's requests only; to them others do not exist (404, not 403). */
export function visibleTo(row: Pick<RequestRow, 'executorId'>, viewer: AuthUser): boolean {
  return viewer.role !== 'executor' || (viewer.executorId != null && row.executorId === viewer.executorId);
}

/** Numbers restart each year, and the year is Kyiv's, not UTC's (a request at 00:30 on 1 January is the new year's). */
export function kyivYear(at: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Kyiv', year: 'numeric' }).format(at));
}
