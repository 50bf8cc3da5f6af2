import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { sameDevice, type Telephony, type TelephonyEvent, type TelephonySnapshot } from '../../telephony';
import type { AgentDirectory } from '../agents/agent-directory';
import type { AuditService } from '../audit/audit.service';
import { agentSnapshot, membershipOf, membershipsOf, WRAP_UP_REASON, type Membership } from '../agents/agent-snapshot';
import { Desks, type Desk } from '../agents/desks';
import { rooms, type Realtime } from '../realtime/gateway';
import type { ServerToClientEvents, TransferredFrom } from '../realtime/contract';
import { createCardLookup, type CardLookupOptions } from './card-lookup';
import { createCardService, type OutageMatch } from './card.service';
import { restampOutages } from '../outages/card-outages';
import { createCallLog } from './call-log';
import { lookupNumber } from './caller-number';
import { createKeyedSerial } from './keyed-serial';
import { createOutbound } from './outbound';
import { createPopHandlers } from './pop';
import { reconcileDesks } from './resync';
import { restoreWrapUps } from './wrap-up-restore';

export interface LiveCallsOptions extends CardLookupOptions {
  /** Pause the member in the PBX while its agent classifies the call, so no new call rings into the wrap-up. */
  holdDuringWrapUp: boolean;
  /** A click-to-call that reached the citizen is classified like any other call (OUTBOUND_WRAP_UP). */
  outboundWrapUp: boolean;
}

export const defaultLiveCallsOptions: LiveCallsOptions = { deadlineMs: 250, retryMs: 500, retryForMs: 120_000, holdDuringWrapUp: true, outboundWrapUp: true };

export interface LiveCallsDeps {
  dataSource: DataSource;
  telephony: Telephony | undefined;
  realtime: Realtime;
  directory: AgentDirectory;
  audit: AuditService;
  log: Logger;
  options?: Partial<LiveCallsOptions>;
  /** Told after every event that may change the queues picture (the supervisors' snapshot). */
  onQueuesChanged?: () => void;
  /** Who handed a transferred call on, for the receiving agent's pop. */
  transferOf?: (callId: string) => TransferredFrom | null;
  /** The active outages the card shows (server/outages); absent = none. */
  outages?: OutageMatch;
}

/**
 * The live side of calls: telephony events in, pops and agent state out to the agents' rooms, and the call
 * log written alongside. The telephony listener only enqueues, so the AMI event path never waits for us.
 */
export function createLiveCalls(deps: LiveCallsDeps) {
  const { dataSource, telephony, realtime, directory, log } = deps;
  const options = { ...defaultLiveCallsOptions, ...deps.options };
  const desks = new Desks();
  const cards = createCardService(dataSource, undefined, deps.outages);
  const lookup = createCardLookup(cards, options, log);
  const callLog = createCallLog(dataSource, directory, log);
  const lanes = createKeyedSerial((error, key) => log.error({ err: error, key }, 'live call handler failed'));
  const callers = new Map<string, { number: string; name: string }>();

  const emit = <E extends keyof ServerToClientEvents>(userId: number, event: E, ...args: Parameters<ServerToClientEvents[E]>) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (realtime.io.to(rooms.user(userId)).emit as any)(event, ...args);
    // What an agent's console is told changes the supervisors' agent grid too (the card, the wrap-up).
    deps.onQueuesChanged?.();
  };
  const online = (userId: number) => realtime.online(userId);
  const memberships = () => membershipsOf(telephony ? telephony.snapshot() : null);

  function snapshotFor(userId: number, m?: Membership) {
    const iface = directory.byId(userId)?.interface ?? null;
    return agentSnapshot(desks.get(userId), m ?? membershipOf(memberships(), iface));
  }
  const pushSnapshot = (userId: number) => emit(userId, 'agent:snapshot', snapshotFor(userId));

  async function isClassified(callId: string): Promise<boolean> {
    const [row] = await dataSource.query('SELECT wrapped_up_at FROM calls WHERE id = $1', [callId]);
    return !!row?.wrapped_up_at;
  }

  async function setHold(userId: number, held: boolean): Promise<void> {
    const iface = directory.byId(userId)?.interface;
    if (!telephony || !iface || !options.holdDuringWrapUp) return;
    const raw = telephony.snapshot().queues.flatMap((q) => q.members).filter((m) => sameDevice(m.interface, iface));
    // Never override a pause the agent chose; only our own wrap-up hold is set and lifted here.
    if (held ? raw.some((m) => m.paused) : !raw.some((m) => m.paused && m.pausedReason === WRAP_UP_REASON)) return;
    await telephony.pause(iface, held, held ? WRAP_UP_REASON : undefined).catch((error: Error) =>
      log.warn({ err: error, iface }, 'wrap-up hold not changed'));
  }

  /**
   * The queue may offer the next caller in the very instant a call ends, so the wrap-up hold is set while the
   * call is still going on (a pause does not touch the call in progress), never after it.
   */
  async function holdForWrapUp(userId: number): Promise<void> {
    if (online(userId)) await setHold(userId, true);
  }

  async function startWrapUp(userId: number, desk: Desk): Promise<void> {
    // A call taken over from a colleague may be classified already by them: this agent wraps up their own part.
    const classified = desk.classifiedEarly || (!desk.call.transferredFrom && (await isClassified(desk.call.callId).catch(() => false)));
    if (classified) {
      desks.clear(userId);
      await setHold(userId, false);
      return;
    }
    // Normally held since the answer; this covers an agent whose console connected mid-call.
    await holdForWrapUp(userId);
  }

  // Off the pop's path, in the call's log lane: the agent already has the card when this is written. Only what
  // reached a screen is a read: a pop to an agent with no console open showed nobody anything.
  const shown = (userId: number, citizenId: number, callId: string) => {
    if (!online(userId)) return;
    void lanes.run(`log:${callId}`, () =>
      deps.audit.record({ userId, action: 'read', entity: 'citizen', entityId: citizenId, detail: { via: 'pop', callId } })
        .catch((error: unknown) => log.warn({ err: error, callId }, 'pop audit not written')));
  };
  const pop = createPopHandlers({
    desks, directory, lookup, log, emit, shown, startWrapUp, holdForWrapUp,
    releaseHold: (userId) => setHold(userId, false), transferOf: (callId) => deps.transferOf?.(callId) ?? null,
  });
  const outbound = createOutbound({ desks, emit, pushSnapshot: (userId) => pushSnapshot(userId), wrapUp: options.outboundWrapUp, hold: holdForWrapUp });

  function route(e: TelephonyEvent): void {
    const lane = (task: () => Promise<void> | void) => void lanes.run(`pop:${'callId' in e ? e.callId : ''}`, task);
    switch (e.name) {
      case 'call:queued':
        callers.set(e.callId, { number: e.callerNumber, name: e.callerName });
        // The card is read from the moment the caller is known, so it is usually ready when a member rings.
        queueMicrotask(() => {
          lookup.prefetch(e.callId, lookupNumber(e.callerNumber));
          lookup.whenReady(e.callId, (card) => {
            if (card.citizen) void lanes.run(`log:${e.callId}`, () => callLog.citizenFound(e.callId, card.citizen!.id));
          });
        });
        break;
      case 'call:offered':
        callers.set(e.callId, { number: e.callerNumber, name: e.callerName });
        lane(() => pop.offered(e).then(() => undefined));
        break;
      case 'call:answered': {
        const caller = callers.get(e.callId) ?? { number: '', name: '' };
        lane(() => pop.answered(e, caller.number, caller.name));
        break;
      }
      case 'call:retracted':
        lane(() => pop.retracted(e));
        break;
      case 'call:transferred':
        lane(() => pop.agentDone(e));
        break;
      case 'call:ended':
        callers.delete(e.callId);
        if (outbound.owns(e.callId)) outbound.ended(e);
        else lane(() => pop.agentDone(e));
        break;
      case 'call:dialled':
        outbound.dialled(e);
        break;
      case 'member:paused':
      case 'member:added':
      case 'member:removed': {
        const user = directory.byInterface(e.interface);
        if (user) void lanes.run(`agent:${user.id}`, () => pushSnapshot(user.id));
        break;
      }
      default:
        break;
    }
    if ('callId' in e && e.name.startsWith('call:')) {
      void lanes.run(`log:${e.callId}`, async () => {
        // The pop's read goes first; the log is not read by anyone in that instant.
        if (e.name === 'call:queued' || e.name === 'call:offered') await lookup.settled(e.callId, options.deadlineMs);
        await callLog.apply(e);
      });
    }
    if (e.name.startsWith('call:') || e.name.startsWith('member:')) deps.onQueuesChanged?.();
  }

  function resynced(snapshot: TelephonySnapshot): void {
    void lanes.run('resync', async () => {
      const live = new Set(snapshot.calls.map((c) => c.callId));
      for (const callId of callers.keys()) if (!live.has(callId)) callers.delete(callId);
      await directory.refresh();
      await reconcileDesks(snapshot, {
        desks, directory, retract: pop.retracted, end: pop.agentDone,
        originating: outbound.originating, endOutbound: outbound.ended, refuseOutbound: outbound.refused,
      });
      await restoreWrapUps(snapshot, { dataSource, desks, directory, cards, release: (userId) => setHold(userId, false), owes: (call) => call.direction !== 'out' || options.outboundWrapUp })
        .catch((error: unknown) => log.warn({ err: error }, 'wrap-ups not restored'));
      const all = membershipsOf(snapshot);
      for (const user of directory.all()) emit(user.id, 'agent:snapshot', snapshotFor(user.id, membershipOf(all, user.interface)));
      deps.onQueuesChanged?.();
      await callLog.reconcile(snapshot);
    });
  }

  const unsubscribe = [telephony?.onEvent(route), telephony?.onResync(resynced)];

  return {
    desks,
    snapshotFor,
    /** A console (re)connected: the desk is what it must show, ringing or talking, even after a reload. */
    greet(user: { id: number; role: string; interface: string | null; fullName: string }) {
      directory.learn(user);
      return snapshotFor(user.id);
    },
    /** This node no longer holds the PBX link: what it knew of the desks is another node's to know now. */
    reset(): void {
      for (const [userId] of desks.entries()) desks.clear(userId);
      callers.clear();
    },
    pushSnapshot,
    /** The agent classified a call: free them now if it had ended, or skip the wrap-up when it ends. */
    async classified(userId: number, callId: string): Promise<void> {
      const desk = desks.holding(userId, callId);
      if (!desk) return;
      if (desk.call.state !== 'ended') {
        // Classified while talking: nothing to wrap up, so no hold when it ends.
        desk.classifiedEarly = true;
        await setHold(userId, false);
        return;
      }
      desks.clear(userId);
      lookup.forget(callId);
      await setHold(userId, false);
      pushSnapshot(userId);
    },
    /** Click-to-call: the call goes on the agent's desk before the PBX is asked to dial. */
    startOutbound: outbound.start,
    outboundRefused: outbound.refused,
    /** The PBX answered the click-to-call's Originate (or never will): from now on no channel means no call. */
    outboundSettled: outbound.settled,
    /** Whether the agent is busy with a call (ringing, dialling, talking) or owes a wrap-up. */
    busy: (userId: number) => desks.get(userId) !== null,
    /** Whether the agent still owes a wrap-up (then their own "resume" keeps the wrap-up hold). */
    inWrapUp: (userId: number) => desks.get(userId)?.call.state === 'ended',
    /** Whether the PBX should hold the agent for a wrap-up now: held from the answer until the call is classified. */
    owesHold(userId: number): boolean {
      const desk = desks.get(userId);
      if (!options.holdDuringWrapUp || !desk || desk.classifiedEarly) return false;
      if (desk.call.direction === 'out' && !options.outboundWrapUp) return false;
      return desk.call.state === 'answered' || desk.call.state === 'ended';
    },
    idle: () => lanes.idle(),
    /** An outage was registered, changed or closed: every card held and on a desk shows it now (`call:card`). */
    outagesChanged(): void {
      const outages = deps.outages;
      if (!outages) return;
      lookup.restamp((card) => restampOutages(card, outages));
      for (const [userId, desk] of desks.entries()) {
        const card = restampOutages(desk.call.card, outages);
        if (!card) continue;
        desk.call = { ...desk.call, card };
        emit(userId, 'call:card', { callId: desk.call.callId, card });
      }
    },
    /** Cards held in memory for live or unclassified calls. */
    cardsInMemory: () => lookup.size,
    stop(): void {
      for (const off of unsubscribe) off?.();
    },
  };
}
export type LiveCalls = ReturnType<typeof createLiveCalls>;
