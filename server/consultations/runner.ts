import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { OriginateResult, Telephony } from '../../telephony';
import { AmiActionError, AmiLinkError } from '../../telephony';
import { createKeyedSerial } from '../calls/keyed-serial';
import { conflict, notFound, unavailable } from '../http/errors';
import { normalisePhone } from '../phones';
import type { ConsultationsRepository, LegRow } from './consultations.repository';
import { citizenDialString, officialDialString } from './dial-strings';
import { pinVariable, type RunnerOptions } from './runner-options';

/** A consultation being held: what the server remembers between PBX events. */
export interface Run {
  id: number;
  room: string;
  pin: string;
  mode: 'sequential' | 'parallel';
  officialNumber: string;
  /** What the PBX dials for the official (CONSULT_OFFICIAL_CHANNEL); null when they have no phone at all. */
  officialChannel: string | null;
  createdBy: number;
  officialIn: boolean;
  /** Pending retries by leg: a participant who gets into the room by any leg cancels theirs. */
  retries: Map<number, NodeJS.Timeout>;
}

/** Something the organiser must act on; `channel` is the dial string when the PBX could not dial it. */
export interface RunAlert {
  alert: 'official_unreachable' | 'official_left' | 'official_undialable' | 'leg_undialable';
  legId?: number;
  channel?: string;
}

export interface RunnerDeps {
  dataSource: DataSource;
  repo: ConsultationsRepository;
  telephony?: Telephony;
  log: Logger;
  options: RunnerOptions;
  /** Something changed in a running consultation: push the panel. */
  changed(id: number): void;
  /** The organiser must act (the official cannot be reached, or left; a leg's dial string cannot be dialled). */
  alert(run: Run, alert: RunAlert): void;
}

/** Dialling: the official first, then the citizens (one at a time or all at once), retries, the end. */
export function createRunner(deps: RunnerDeps) {
  const { dataSource, repo, log, options } = deps;
  const runs = new Map<number, Run>();
  /** Our ChannelId → the leg it dials; also Asterisk's Uniqueid of a dial-in leg. */
  const channels = new Map<string, { consultationId: number; legId: number }>();
  /** ChannelIds whose Originate has not answered yet: a resync must not redial them. */
  const inFlight = new Set<string>();
  const serial = createKeyedSerial((error, key) => log.error({ err: error, consultation: key }, 'consultation step failed'));
  const inSerial = (id: number, task: () => Promise<void>) => serial.run(String(id), async () => {
    await task();
    deps.changed(id);
  });

  function telephony(): Telephony {
    if (!deps.telephony || deps.telephony.status().state !== 'connected') throw unavailable('telephony_unavailable', 'The phone system is not reachable right now.');
    return deps.telephony;
  }

  async function load(id: number): Promise<Run | null> {
    const c = await repo.byId(dataSource, id);
    if (!c || c.status !== 'running') return null;
    const officialNumber = c.officialPhone ?? c.officialInterface ?? '';
    const run: Run = {
      id, room: c.room, pin: c.pin, mode: c.dialMode, createdBy: c.createdBy, officialNumber,
      officialChannel: officialDialString(options.dial, { interface: c.officialInterface, phone: c.officialPhone }), officialIn: false, retries: new Map(),
    };
    for (const leg of await repo.legs(dataSource, id)) {
      channels.set(leg.channelId, { consultationId: id, legId: leg.id });
      if (leg.who === 'official' && leg.state === 'joined') run.officialIn = true;
    }
    runs.set(id, run);
    return run;
  }

  /** Originates one attempt of a leg; a new leg row first, so the PBX's events always find it. */
  async function dial(run: Run, leg: { who: LegRow['who']; number: string; participantId: number | null; legId?: number }): Promise<void> {
    const channelId = `consult-${run.id}-${randomUUID().slice(0, 13)}`;
    let legId = leg.legId;
    if (legId) {
      // TypeORM answers an UPDATE with [rows, count].
      const [rows] = await dataSource.query('UPDATE consultation_legs SET channel_id = $2, attempts = attempts + 1, state = $3, dialed_at = now(), retry_at = NULL WHERE id = $1 RETURNING attempts', [legId, channelId, 'dialing']);
      if (!rows.length) return;
    } else {
      legId = await repo.insertLeg(dataSource, { consultationId: run.id, participantId: leg.participantId, who: leg.who, number: leg.number, direction: 'out', channelId, state: 'dialing' });
    }
    channels.set(channelId, { consultationId: run.id, legId });
    const target = leg.who === 'official' ? run.officialChannel : citizenDialString(options.dial, leg.number);
    const id = legId;
    if (!target) return undialable(run, id, '');
    inFlight.add(channelId);
    telephony()
      .originate({
        channel: target, context: options.context, exten: run.room, priority: 1, callerId: options.callerId, channelId,
        timeoutMs: options.ringTimeoutMs, variables: { CONF_ROLE: leg.who === 'official' ? 'official' : 'citizen', CONSULT_ID: String(run.id) },
      })
      .then((result) => inSerial(run.id, () => originated(run, id, channelId, result)))
      .catch((error: Error) => {
        // The link went down mid-dial: the outcome is unknown until the resync shows the room.
        if (error instanceof AmiLinkError) return;
        // Refused outright ("Invalid channel"): no channel was made, as when the PBX lacks the technology.
        const refused = error instanceof AmiActionError;
        log.warn({ err: error, consultation: run.id, channel: target }, 'consultation leg not originated');
        void inSerial(run.id, () => originated(run, id, channelId, { channelId, channel: target, success: false, outcome: 'failed', reasonCode: 0, channelMade: !refused }));
      })
      .finally(() => inFlight.delete(channelId));
  }

  async function originated(run: Run, legId: number, channelId: string, result: OriginateResult): Promise<void> {
    const [leg]: LegRow[] = await dataSource.query('SELECT id, who, state, attempts, channel_id AS "channelId", number, participant_id AS "participantId" FROM consultation_legs WHERE id = $1', [legId]);
    if (!leg || leg.channelId !== channelId || !runs.has(run.id)) return;
    if (!result.success && result.outcome === 'failed' && result.channelMade === false) return undialable(run, legId, result.channel);
    // The participant got in by another leg meanwhile (they dialled in): this attempt is not theirs to retry.
    if (leg.state !== 'dialing') return;
    await repo.updateLeg(dataSource, legId, { last_outcome: result.outcome });
    if (result.success) return;
    await failedAttempt(run, leg);
  }

  /**
   * The PBX made no channel for the dial string: a technology it lacks ("No channel type registered"), an
   * endpoint it does not know or that is not registered. A minute later it is the same, so no retry: the
   * organiser and the supervisors are told at once, with the dial string to check.
   */
  async function undialable(run: Run, legId: number, channel: string): Promise<void> {
    const [leg]: LegRow[] = await dataSource.query('SELECT id, who FROM consultation_legs WHERE id = $1', [legId]);
    if (!leg) return;
    await repo.updateLeg(dataSource, legId, { state: 'failed', last_outcome: 'undialable', channel: channel || null, retry_at: null });
    log.warn({ consultation: run.id, leg: legId, channel }, 'the PBX cannot dial this consultation leg (CONSULT_CITIZEN_CHANNEL / CONSULT_OFFICIAL_CHANNEL?)');
    const alert = leg.who === 'official' ? 'official_undialable' : 'leg_undialable';
    await repo.update(dataSource, run.id, { alert });
    deps.alert(run, { alert, legId, channel });
  }

  /** A busy or unanswered attempt: dialled again after a pause (the panel shows when), then marked failed. */
  async function failedAttempt(run: Run, seen: LegRow): Promise<void> {
    if (run.retries.has(seen.id)) return;
    // Read again: the participant may have got in by another leg since the caller looked.
    const [leg]: LegRow[] = await dataSource.query('SELECT id, who, state, attempts, number, participant_id AS "participantId" FROM consultation_legs WHERE id = $1', [seen.id]);
    if (!leg || leg.state !== 'dialing') return;
    if (leg.attempts <= options.retries) {
      await repo.updateLeg(dataSource, leg.id, { retry_at: new Date(Date.now() + options.retryDelayMs) });
      const timer = setTimeout(() => {
        run.retries.delete(leg.id);
        void inSerial(run.id, async () => {
          if (runs.get(run.id) !== run) return;
          // In the room already by another leg (a dial-in that raced the retry): never dialled twice.
          if (leg.participantId !== null && (await inRoom(run.id, leg.participantId))) return;
          await dial(run, { who: leg.who, number: leg.number, participantId: leg.participantId, legId: leg.id });
        });
      }, options.retryDelayMs);
      run.retries.set(leg.id, timer);
      return;
    }
    await repo.updateLeg(dataSource, leg.id, { state: 'failed', retry_at: null });
    if (leg.who === 'official') {
      await repo.update(dataSource, run.id, { alert: 'official_unreachable' });
      deps.alert(run, { alert: 'official_unreachable', legId: leg.id });
    } else if (run.mode === 'sequential') {
      await dialNext(run, false);
    }
  }

  async function inRoom(consultationId: number, participantId: number): Promise<boolean> {
    return (await repo.legs(dataSource, consultationId)).some((l) => l.participantId === participantId && l.state === 'joined');
  }

  /**
   * A participant is in the room: their other legs stop (a retry pending, an attempt still ringing), so a
   * citizen who dialled in is not called again, and one who answered a call-out is not let in twice.
   */
  async function settleOtherLegs(run: Run, joined: LegRow): Promise<void> {
    if (joined.participantId === null) return;
    for (const other of await repo.legs(dataSource, run.id)) {
      if (other.id === joined.id || other.participantId !== joined.participantId || other.state !== 'dialing') continue;
      const timer = run.retries.get(other.id);
      if (timer) clearTimeout(timer);
      run.retries.delete(other.id);
      await repo.updateLeg(dataSource, other.id, { state: 'failed', last_outcome: 'joined_other_leg', retry_at: null });
      if (inFlight.has(other.channelId)) await deps.telephony?.hangup(other.channelId).catch(() => undefined);
    }
  }

  /** The next registered citizen not dialled yet; in sequential mode only when nobody else is on. */
  async function dialNext(run: Run, forced: boolean): Promise<boolean> {
    if (!run.officialIn && !forced) return false;
    const legs = await repo.legs(dataSource, run.id);
    if (!forced && run.mode === 'sequential' && legs.some((l) => l.who !== 'official' && (l.state === 'dialing' || l.state === 'joined'))) return false;
    const dialled = new Set(legs.map((l) => l.participantId));
    const next = (await repo.participants(dataSource, run.id)).find((p) => !dialled.has(p.id));
    if (!next) return false;
    await dial(run, { who: 'citizen', number: next.phone, participantId: next.id });
    return true;
  }

  async function dialEveryone(run: Run): Promise<void> {
    while (await dialNext(run, true));
  }

  return {
    runs,
    channels,
    inFlight,
    serial: inSerial,
    idle: () => serial.idle(),
    dialNext,
    dialEveryone,
    failedAttempt,
    settleOtherLegs,
    load,

    /** Running consultations survive a restart of the server: their legs are followed again. */
    async restore(): Promise<void> {
      // Again after a fail-over: what an earlier term as leader left behind is replaced, its timers first.
      for (const run of runs.values()) for (const timer of run.retries.values()) clearTimeout(timer);
      runs.clear();
      const rows: Array<{ id: number }> = await dataSource.query(`SELECT id FROM consultations WHERE status = 'running'`);
      for (const { id } of rows) await load(id);
    },

    /** Starts a scheduled consultation: 409 when it already started, 503 without the PBX. */
    async start(id: number): Promise<void> {
      const t = telephony();
      await dataSource.transaction(async (m) => {
        const c = await repo.lock(m, id);
        if (!c) throw notFound('Consultation');
        if (c.status === 'running') throw conflict('already_started', 'This consultation is already running.');
        if (c.status !== 'scheduled') throw conflict('illegal_state', `A ${c.status} consultation cannot be started.`);
        const [other] = await m.query(`SELECT id FROM consultations WHERE room = $1 AND status = 'running' AND id <> $2`, [c.room, id]);
        if (other) throw conflict('room_busy', `Room ${c.room} is still in use by consultation ${other.id}.`);
        await repo.update(m, id, { status: 'running', started_at: new Date(), alert: null });
      });
      const run = (await load(id))!;
      await t.setVariable(pinVariable(run.room), run.pin).catch((error: Error) => log.warn({ err: error, id }, 'dial-in PIN not set'));
      await inSerial(id, () => dial(run, { who: 'official', number: run.officialNumber, participantId: null }));
    },

    async callNext(id: number): Promise<void> {
      const run = runs.get(id);
      if (!run) throw conflict('not_running', 'The consultation is not running.');
      telephony();
      let dialled = false;
      await inSerial(id, async () => {
        dialled = await dialNext(run, true);
      });
      if (!dialled) throw conflict('nobody_waiting', 'Every registered citizen has been called.');
    },

    async addAdHoc(id: number, raw: string): Promise<void> {
      const run = runs.get(id);
      if (!run) throw conflict('not_running', 'The consultation is not running.');
      telephony();
      const number = normalisePhone(raw);
      if (!number) throw conflict('invalid_number', 'That is not a phone number.');
      await inSerial(id, async () => {
        const participant = (await repo.participants(dataSource, id)).find((p) => p.phone === number);
        await dial(run, { who: participant ? 'citizen' : 'guest', number, participantId: participant?.id ?? null });
      });
    },

    /** Ends the consultation: everybody is sent away, pending retries dropped, the summary written. */
    async end(id: number): Promise<void> {
      const run = runs.get(id) ?? (await load(id));
      if (!run) throw conflict('not_running', 'The consultation is not running.');
      runs.delete(id);
      for (const timer of run.retries.values()) clearTimeout(timer);
      await inSerial(id, async () => {
        await repo.update(dataSource, id, { status: 'ended', ended_at: new Date() });
        await dataSource.query(`UPDATE consultation_legs SET state = 'failed', last_outcome = coalesce(last_outcome, 'cancelled'), retry_at = NULL WHERE consultation_id = $1 AND state = 'dialing'`, [id]);
        await repo.writeSummary(dataSource, id);
      });
      const t = deps.telephony;
      if (t && t.status().state === 'connected') {
        await t.confbridgeKick(run.room, 'all').catch(() => undefined);
        await t.setVariable(pinVariable(run.room), '').catch(() => undefined);
      }
    },
  };
}
export type Runner = ReturnType<typeof createRunner>;
