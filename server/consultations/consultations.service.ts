import { randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.types';
import { createCitizensRepository, type Sql } from '../citizens/citizens.repository';
import { AppError, badRequest, conflict, notFound } from '../http/errors';
import { normalisePhone } from '../phones';
import type { Actor } from '../requests/requests.service';
import { toConsultationSummary, toConsultationView } from './consultation.view';
import { createConsultationsRepository, type ConsultationRow } from './consultations.repository';
import type { ListQuery, NewConsultation, NewParticipant } from './consultations.schemas';
import { invitationIcs, type Mailer } from './invitation';

/**
 * What the job queue is told about a consultation's time (server/jobs); a no-op without jobs. Given `sql`, the
 * jobs are written in that transaction: a consultation is never stored without them (or they without it).
 */
export interface ConsultationScheduler {
  scheduled(c: { id: number; startsAt: Date; endsAt: Date; autoStart: boolean }, sql?: Sql): Promise<void>;
}

export interface ConsultationsDeps {
  dataSource: DataSource;
  audit: AuditService;
  log: Logger;
  mailer: Mailer | null;
  scheduler: ConsultationScheduler;
  now: () => Date;
}

const ROOMS = { first: 8001, last: 8999 };
const endOf = (start: Date, minutes: number) => new Date(start.getTime() + minutes * 60_000);

export function createConsultationsService(deps: ConsultationsDeps) {
  const { dataSource } = deps;
  const repo = createConsultationsRepository();
  const citizens = createCitizensRepository();

  /** 404 for a consultation the viewer may not see: an official sees only their own. */
  async function visible(id: number, viewer: AuthUser, sql: Sql = dataSource): Promise<ConsultationRow> {
    const row = await repo.byId(sql, id);
    if (!row || (viewer.role === 'official' && row.officialId !== viewer.id)) throw notFound('Consultation');
    return row;
  }

  async function checkOfficial(officialId: number): Promise<void> {
    const [u] = await dataSource.query('SELECT role, phone, interface, active FROM users WHERE id = $1', [officialId]);
    if (!u || u.role !== 'official' || !u.active) throw badRequest('Choose an active official.', { officialId: 'not an active official' });
    if (!u.phone && !u.interface) throw badRequest('The official has no phone to be called on.', { officialId: 'no phone number' });
  }

  async function checkTopic(code: string | undefined, field: string): Promise<void> {
    if (!code) return;
    const [t] = await dataSource.query('SELECT code FROM topics WHERE code = $1', [code]);
    if (!t) throw badRequest('Unknown topic.', { [field]: `unknown topic ${code}` });
  }

  /** Refuses a time when the official or the room is taken; picks a free room when none is asked for. */
  async function claimTime(sql: Sql, o: { officialId: number; room?: string; start: Date; end: Date; exceptId?: number }): Promise<string> {
    await sql.query(`SELECT pg_advisory_xact_lock(hashtext('consultation-schedule'))`);
    const clashes = await repo.clashes(sql, { officialId: o.officialId, room: o.room ?? null, start: o.start, end: o.end, exceptId: o.exceptId });
    if (clashes.some((c) => c.official)) throw conflict('official_busy', 'The official already has a consultation at that time.');
    if (clashes.some((c) => c.room)) throw conflict('room_busy', 'That room is taken at that time.');
    if (o.room) return o.room;
    const used = await repo.roomsInUse(sql, o.start, o.end);
    for (let room = ROOMS.first; room <= ROOMS.last; room++) if (!used.has(String(room))) return String(room);
    throw conflict('room_busy', 'Every consultation room is taken at that time.');
  }

  async function invite(row: ConsultationRow): Promise<void> {
    if (!deps.mailer || !row.inviteEmail) return;
    const ics = invitationIcs(row, { hostname: 'hromada-contact' });
    await deps.mailer
      .send({ to: row.inviteEmail, subject: `Консультація: ${row.topic}`, text: `Консультація ${row.startsAt.toISOString()}, кімната ${row.room}.`, ics })
      .catch((error: Error) => deps.log.warn({ err: error, consultationId: row.id }, 'consultation invitation not sent'));
  }

  async function full(id: number, viewer: AuthUser) {
    const row = await visible(id, viewer);
    return toConsultationView(row, await repo.participants(dataSource, id), await repo.legs(dataSource, id), viewer);
  }

  return {
    repo,
    visible,
    full,

    async schedule(input: NewConsultation, actor: Actor) {
      await checkOfficial(input.officialId);
      await checkTopic(input.topicCode, 'topicCode');
      const start = new Date(input.startsAt);
      if (start.getTime() < deps.now().getTime() - 60_000) throw badRequest('A consultation cannot start in the past.', { startsAt: 'in the past' });
      const end = endOf(start, input.durationMinutes);
      const id = await dataSource.transaction(async (m) => {
        const room = await claimTime(m, { officialId: input.officialId, room: input.room, start, end });
        const newId = await repo.insert(m, {
          officialId: input.officialId, topic: input.topic, topicCode: input.topicCode ?? null, startsAt: start, durationMinutes: input.durationMinutes,
          capacity: input.capacity, room, pin: String(randomInt(0, 1_000_000)).padStart(6, '0'), dialMode: input.dialMode,
          autoStart: input.autoStart, inviteEmail: input.inviteEmail ?? null, createdBy: actor.user.id,
        });
        await deps.scheduler.scheduled({ id: newId, startsAt: start, endsAt: end, autoStart: input.autoStart }, m);
        return newId;
      });
      const row = (await repo.byId(dataSource, id))!;
      await deps.audit.record({ userId: actor.user.id, action: 'create', entity: 'consultation', entityId: id, ip: actor.ip });
      await invite(row);
      return full(id, actor.user);
    },

    async list(q: ListQuery, viewer: AuthUser) {
      const officialId = viewer.role === 'official' ? viewer.id : q.officialId;
      const rows = await repo.list(dataSource, { ...q, officialId });
      return { items: rows.map((r) => toConsultationSummary(r, viewer)) };
    },

    /** One consultation with its registered citizens: a read of personal data, audited. */
    async get(id: number, actor: Actor) {
      const view = await full(id, actor.user);
      await deps.audit.record({ userId: actor.user.id, action: 'read', entity: 'consultation', entityId: id, ip: actor.ip });
      return view;
    },

    /** The consultations a citizen is registered in, with their questions: a read of the citizen's personal data, audited. */
    async registrationsOf(citizenId: number, actor: Actor) {
      const items = await repo.registrationsOf(dataSource, citizenId);
      await deps.audit.record({ userId: actor.user.id, action: 'read', entity: 'citizen', entityId: citizenId, detail: { via: 'consultations' }, ip: actor.ip });
      return { items };
    },

    async reschedule(id: number, input: { startsAt: string; durationMinutes?: number }, actor: Actor) {
      const start = new Date(input.startsAt);
      if (start.getTime() < deps.now().getTime() - 60_000) throw badRequest('A consultation cannot start in the past.', { startsAt: 'in the past' });
      const row = await dataSource.transaction(async (m) => {
        const c = await repo.lock(m, id);
        if (!c) throw notFound('Consultation');
        if (c.status !== 'scheduled') throw conflict('illegal_state', `Only a scheduled consultation can be moved; this one is ${c.status}.`);
        const minutes = input.durationMinutes ?? c.durationMinutes;
        await claimTime(m, { officialId: c.officialId, room: c.room, start, end: endOf(start, minutes), exceptId: id });
        await repo.update(m, id, { starts_at: start, duration_minutes: minutes });
        await deps.scheduler.scheduled({ id, startsAt: start, endsAt: endOf(start, minutes), autoStart: c.autoStart }, m);
        return (await repo.byId(m, id))!;
      });
      await deps.audit.record({ userId: actor.user.id, action: 'update', entity: 'consultation', entityId: id, detail: { startsAt: input.startsAt }, ip: actor.ip });
      await invite(row);
      return full(id, actor.user);
    },

    /** Cancels a scheduled consultation; the answer lists the registered citizens to call back. */
    async cancel(id: number, reason: string, actor: Actor) {
      await dataSource.transaction(async (m) => {
        const c = await repo.lock(m, id);
        if (!c) throw notFound('Consultation');
        if (c.status !== 'scheduled') throw conflict('illegal_state', `Only a scheduled consultation can be cancelled; this one is ${c.status}.`);
        await repo.update(m, id, { status: 'cancelled', cancel_reason: reason });
      });
      await deps.audit.record({ userId: actor.user.id, action: 'update', entity: 'consultation', entityId: id, detail: { cancelled: reason }, ip: actor.ip });
      return full(id, actor.user);
    },

    /** A citizen with their question; capacity and "once per consultation" hold under concurrent agents. */
    async register(id: number, input: NewParticipant, actor: Actor) {
      await checkTopic(input.topicCode, 'topicCode');
      const phone = input.citizen ? normalisePhone(input.citizen.phone) : null;
      if (input.citizen && !phone) throw badRequest('The phone number is not a Ukrainian number.', { 'citizen.phone': 'not a valid phone number' });
      const participantId = await dataSource.transaction(async (m) => {
        const c = await repo.lock(m, id);
        if (!c) throw notFound('Consultation');
        if (c.status !== 'scheduled' && c.status !== 'running') throw conflict('illegal_state', `Registration is closed: the consultation is ${c.status}.`);
        if (c.registered >= c.capacity) throw conflict('consultation_full', 'Every place in this consultation is taken.');
        const citizen = input.citizen && phone
          ? { id: (await citizens.upsertByPhone(m, phone, input.citizen)).id, phone }
          : await knownCitizen(m, input.citizenId!);
        const newId = await repo.insertParticipant(m, {
          consultationId: id, citizenId: citizen.id, phone: citizen.phone, question: input.question,
          topicCode: input.topicCode ?? c.topicCode, callId: input.callId ?? null, registeredBy: actor.user.id,
        });
        if (!newId) throw conflict('already_registered', 'This citizen is already registered for this consultation.');
        return newId;
      });
      await deps.audit.record({ userId: actor.user.id, action: 'create', entity: 'consultation_participant', entityId: participantId, detail: { consultationId: id }, ip: actor.ip });
      return full(id, actor.user);
    },

    async officials(): Promise<Array<{ id: number; fullName: string }>> {
      return dataSource.query(
        `SELECT id, full_name AS "fullName" FROM users WHERE role = 'official' AND active AND (phone IS NOT NULL OR interface IS NOT NULL) ORDER BY full_name`);
    },

    async ics(id: number, viewer: AuthUser): Promise<string> {
      const row = await visible(id, viewer);
      return invitationIcs(row, { hostname: 'hromada-contact' });
    },
  };

  async function knownCitizen(sql: Sql, citizenId: number): Promise<{ id: number; phone: string }> {
    const found = await citizens.byId(sql, citizenId);
    if (!found) throw badRequest('No citizen has that id.', { citizenId: `unknown citizen ${citizenId}` });
    if (!found.phones[0]) throw new AppError(400, 'invalid_input', 'The citizen has no phone to be called on.', { citizenId: 'no phone number' });
    return { id: found.id, phone: found.phones[0] };
  }
}
export type ConsultationsService = ReturnType<typeof createConsultationsService>;
