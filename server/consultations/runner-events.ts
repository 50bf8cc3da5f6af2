import type { ConferenceParticipant, TelephonyEvent } from '../../telephony';
import { normalisePhone } from '../phones';
import type { ConsultationsRepository, LegRow } from './consultations.repository';
import type { Run, RunAlert, Runner } from './runner';
import type { DataSource } from 'typeorm';
import type { Telephony } from '../../telephony';

interface EventDeps {
  dataSource: DataSource;
  repo: ConsultationsRepository;
  runner: Runner;
  telephony?: Telephony;
  alert(run: Run, alert: RunAlert): void;
}

/** Follows each leg through ConfbridgeJoin / Leave, and rebuilds a room from ConfbridgeList after a resync. */
export function createRunnerEvents(deps: EventDeps) {
  const { dataSource, repo, runner } = deps;

  const runOfRoom = (room: string) => [...runner.runs.values()].find((r) => r.room === room) ?? null;

  async function legById(id: number): Promise<LegRow | null> {
    const legs = await dataSource.query('SELECT consultation_id AS "consultationId" FROM consultation_legs WHERE id = $1', [id]);
    if (!legs[0]) return null;
    return (await repo.legs(dataSource, legs[0].consultationId)).find((l) => l.id === id) ?? null;
  }

  async function joined(run: Run | null, leg: LegRow, channel: string, room: string): Promise<void> {
    if (run && (await alreadyIn(run, leg))) {
      // A call-out answered in the instant the citizen dialled in: one of them is enough, the first one in stays.
      await repo.updateLeg(dataSource, leg.id, { state: 'left', channel, last_outcome: 'joined_other_leg', joined_at: new Date(), left_at: new Date(), retry_at: null });
      await deps.telephony?.confbridgeKick(room, channel).catch(() => undefined);
      return;
    }
    if (leg.state !== 'joined') await repo.updateLeg(dataSource, leg.id, { state: 'joined', channel, joined_at: new Date(), retry_at: null });
    if (run) await runner.settleOtherLegs(run, leg);
    if (!run || leg.who !== 'official' || run.officialIn) return;
    run.officialIn = true;
    // The official is in: only now are citizens dialled, never into an empty room.
    if (run.mode === 'parallel') await runner.dialEveryone(run);
    else await runner.dialNext(run, false);
  }

  async function alreadyIn(run: Run, leg: LegRow): Promise<boolean> {
    if (leg.participantId === null || leg.state === 'joined') return false;
    return (await repo.legs(dataSource, run.id)).some((l) => l.id !== leg.id && l.participantId === leg.participantId && l.state === 'joined');
  }

  async function left(run: Run | null, leg: LegRow): Promise<void> {
    if (leg.state === 'left' || leg.state === 'failed') return;
    await repo.updateLeg(dataSource, leg.id, { state: 'left', left_at: new Date() });
    if (!run) return;
    if (leg.who === 'official') {
      run.officialIn = false;
      await repo.update(dataSource, run.id, { alert: 'official_left' });
      deps.alert(run, { alert: 'official_left', legId: leg.id });
    } else if (run.mode === 'sequential') {
      await runner.dialNext(run, false);
    }
  }

  /** Somebody who dialled the room with its PIN: matched to a registration by their number. */
  async function dialIn(run: Run, p: { channel: string; channelId: string; callerNumber: string }): Promise<void> {
    const number = normalisePhone(p.callerNumber) ?? p.callerNumber;
    const participants = await repo.participants(dataSource, run.id);
    const legs = await repo.legs(dataSource, run.id);
    const busy = new Set(legs.filter((l) => l.state === 'joined').map((l) => l.participantId));
    const match = participants.find((x) => x.phone === number && !busy.has(x.id));
    const legId = await repo.insertLeg(dataSource, {
      consultationId: run.id, participantId: match?.id ?? null, who: match ? 'citizen' : 'guest', number, direction: 'in',
      channelId: p.channelId, channel: p.channel, state: 'joined',
    });
    runner.channels.set(p.channelId, { consultationId: run.id, legId });
    const leg = (await repo.legs(dataSource, run.id)).find((l) => l.id === legId);
    if (leg) await runner.settleOtherLegs(run, leg);
  }

  async function onJoin(e: { room: string; channel: string; channelId: string; callerNumber: string }): Promise<void> {
    const known = runner.channels.get(e.channelId);
    if (known) {
      const leg = await legById(known.legId);
      if (leg) await joined(runner.runs.get(known.consultationId) ?? null, leg, e.channel, e.room);
      return;
    }
    const run = runOfRoom(e.room);
    if (run) await dialIn(run, e);
  }

  async function onLeave(channelId: string): Promise<void> {
    const known = runner.channels.get(channelId);
    if (!known) return;
    const leg = await legById(known.legId);
    if (leg) await left(runner.runs.get(known.consultationId) ?? null, leg);
  }

  /** The room as Asterisk has it now: legs that left while the link was down, legs that joined, dial-ins. */
  async function reconcile(run: Run, present: ConferenceParticipant[]): Promise<void> {
    const here = new Map(present.map((p) => [p.channelId, p]));
    for (const leg of await repo.legs(dataSource, run.id)) {
      const p = here.get(leg.channelId);
      here.delete(leg.channelId);
      if (p) await joined(run, leg, p.channel, run.room);
      else if (leg.state === 'joined') await left(run, leg);
      else if (leg.state === 'dialing' && !runner.inFlight.has(leg.channelId)) await runner.failedAttempt(run, leg);
    }
    for (const p of here.values()) await dialIn(run, p);
  }

  return {
    onEvent(e: TelephonyEvent): void {
      const id = e.name === 'conference:joined' || e.name === 'conference:left' ? runner.channels.get(e.channelId)?.consultationId ?? runOfRoom(e.room)?.id : undefined;
      if (id === undefined) return;
      if (e.name === 'conference:joined') void runner.serial(id, () => onJoin(e));
      else if (e.name === 'conference:left') void runner.serial(id, () => onLeave(e.channelId));
    },
    reconcile: (run: Run, present: ConferenceParticipant[]) => runner.serial(run.id, () => reconcile(run, present)),
  };
}
