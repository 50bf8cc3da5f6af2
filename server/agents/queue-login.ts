import type { Logger } from 'pino';
import { sameDevice, type Telephony, type TelephonySnapshot } from '../../telephony';
import type { PresentUser } from '../cluster/bus';
import type { Realtime } from '../realtime/gateway';
import type { AgentDirectory } from './agent-directory';
import { NO_PHONE_REASON, OFFLINE_REASON, WRAP_UP_REASON } from './agent-snapshot';


export interface QueueLoginSettings {
  /** `pause`: static members paused `offline`; `dynamic`: QueueAdd / QueueRemove; `off`: the PBX decides. */
  queueLogin: 'pause' | 'dynamic' | 'off';
  /** Queues a dynamic member joins; empty: every queue the PBX reports. */
  agentQueues: string[];
  /** A reload or a brief network drop is not leaving: wait this long after the last console closes. */
  queueLogoutGraceMs: number;
}

export interface QueueLoginDeps {
  telephony?: Telephony;
  realtime: Realtime;
  directory: AgentDirectory;
  log: Logger;
  settings?: QueueLoginSettings;
  /** Whether the agent is on a call (ringing, dialling, talking): they do not leave mid-call. */
  busy(userId: number): boolean;
  /** Whether the agent still owes a wrap-up: coming back, they are held for it, not offered a call. */
  owesWrapUp(userId: number): boolean;
  /** The agent's status bar follows the PBX's member events; this pushes it when nothing else would. */
  pushSnapshot(userId: number): void;
}

/**
 * Agents are in the queues while their console is open: a closed console (or a logout) takes them out, so
 * nobody rings at an empty desk. An agent may also step out and back in by hand.
 */
export function createQueueLogin(deps: QueueLoginDeps) {
  const settings = deps.settings ?? { queueLogin: 'off', agentQueues: [], queueLogoutGraceMs: 30_000 };
  const steppedOut = new Set<number>();
  // Agents whose console softphone says it is not registered: in the queues, but paused `no_phone`.
  const phoneDown = new Set<number>();
  const leaving = new Map<number, NodeJS.Timeout>();
  const { telephony, directory, log } = deps;
  const enabled = settings.queueLogin !== 'off' && !!telephony;

  // Anywhere in the cluster: an agent whose console is open on another node is not leaving.
  const online = (userId: number) => deps.realtime.online(userId);
  const membersOf = (snapshot: TelephonySnapshot, iface: string) =>
    snapshot.queues.flatMap((q) => q.members.filter((m) => sameDevice(m.interface, iface)).map((m) => ({ queue: q.name, member: m })));

  /** In the queues right now, as the PBX sees it. */
  function isIn(iface: string): boolean {
    if (!telephony) return false;
    const mine = membersOf(telephony.snapshot(), iface);
    if (settings.queueLogin === 'dynamic') return mine.length > 0;
    // No reason at all: a reload of app_queue dropped it, and it may well have been `offline`.
    return mine.length > 0 && !mine.some((m) => m.member.paused && (m.member.pausedReason === OFFLINE_REASON || m.member.pausedReason === ''));
  }

  async function enter(userId: number): Promise<void> {
    const user = directory.byId(userId);
    if (!enabled || !telephony || !user || isIn(user.interface) || telephony.status().state !== 'connected') return;
    // Back with a call still to classify: in the queues, but held for that wrap-up.
    const held = deps.owesWrapUp(userId);
    if (settings.queueLogin === 'pause') {
      if (phoneDown.has(userId)) await telephony.pause(user.interface, true, NO_PHONE_REASON);
      else await telephony.pause(user.interface, held, held ? WRAP_UP_REASON : undefined);
      return;
    }
    const queues = settings.agentQueues.length ? settings.agentQueues : telephony.snapshot().queues.map((q) => q.name);
    for (const queue of queues) await telephony.queueAdd(queue, user.interface, user.fullName || undefined).catch((error: Error) => log.warn({ err: error, queue, userId }, 'queue log-in refused'));
    if (held) await telephony.pause(user.interface, true, WRAP_UP_REASON);
  }

  async function leave(userId: number): Promise<void> {
    phoneDown.delete(userId);
    const user = directory.byId(userId);
    if (!enabled || !telephony || !user || telephony.status().state !== 'connected') return;
    const mine = membersOf(telephony.snapshot(), user.interface);
    if (settings.queueLogin === 'pause') {
      if (mine.length && !mine.every((m) => m.member.paused && m.member.pausedReason === OFFLINE_REASON)) await telephony.pause(user.interface, true, OFFLINE_REASON);
      return;
    }
    for (const { queue, member } of mine) await telephony.queueRemove(queue, member.interface).catch((error: Error) => log.warn({ err: error, queue, userId }, 'queue log-out refused'));
  }

  const quietly = (what: string, userId: number, work: Promise<void>) =>
    void work.catch((error: unknown) => log.warn({ err: error, userId }, `queue ${what} failed`));

  /** The last console went away: out of the queues after the grace, once any call on the desk is over. */
  function scheduleLeave(userId: number, afterMs: number): void {
    clearTimeout(leaving.get(userId));
    const timer = setTimeout(() => {
      leaving.delete(userId);
      if (online(userId)) return;
      if (deps.busy(userId)) return scheduleLeave(userId, 5000);
      quietly('log-out', userId, leave(userId));
    }, afterMs);
    timer.unref();
    leaving.set(userId, timer);
  }

  /**
   * The console's softphone registered or lost its registration. Unregistered, the agent stays in the queues
   * paused `no_phone` (the offer goes to someone else); registered again, the pause is lifted — unless the agent
   * chose a pause of their own meanwhile, or is out of the queues.
   */
  async function phoneState(userId: number, registered: boolean): Promise<void> {
    const had = phoneDown.has(userId);
    if (registered) phoneDown.delete(userId);
    else phoneDown.add(userId);
    const user = directory.byId(userId);
    if (!enabled || settings.queueLogin !== 'pause' || !telephony || !user || steppedOut.has(userId) || telephony.status().state !== 'connected') return;
    const mine = membersOf(telephony.snapshot(), user.interface);
    if (!mine.length || mine.some((m) => m.member.paused && m.member.pausedReason === OFFLINE_REASON)) return;
    const ownPause = mine.some((m) => m.member.paused && ![NO_PHONE_REASON, WRAP_UP_REASON, ''].includes(m.member.pausedReason));
    if (ownPause) return;
    if (!registered) {
      if (!mine.every((m) => m.member.paused && m.member.pausedReason === NO_PHONE_REASON)) await telephony.pause(user.interface, true, NO_PHONE_REASON);
    } else if (had || mine.some((m) => m.member.paused && m.member.pausedReason === NO_PHONE_REASON)) {
      const held = deps.owesWrapUp(userId);
      await telephony.pause(user.interface, held, held ? WRAP_UP_REASON : undefined);
    }
    deps.pushSnapshot(userId);
  }

  /** The agent's first console (on any node) opened, or their last one closed. */
  function presenceChanged(user: PresentUser, isOnline: boolean, reason: string): void {
    if (!enabled || user.role !== 'agent' || !user.interface) return;
    clearTimeout(leaving.get(user.id));
    leaving.delete(user.id);
    if (isOnline) {
      directory.learn({ ...user, interface: user.interface });
      if (!steppedOut.has(user.id)) quietly('log-in', user.id, enter(user.id));
      return;
    }
    // The server closed it (a logout, a deactivated user): that is leaving, at once.
    scheduleLeave(user.id, reason === 'server namespace disconnect' ? 0 : settings.queueLogoutGraceMs);
  }

  if (enabled) deps.realtime.onPresence(presenceChanged);

  return {
    enabled,
    isIn: (iface: string) => !enabled || isIn(iface),
    /**
     * Whether the agent should be paused `offline` now (QUEUE_LOGIN=pause): stepped out, or no console anywhere
     * and not on a call; null while that is not settled (presence not known yet, the grace, a call to finish).
     */
    isOut(userId: number): boolean | null {
      if (!enabled || settings.queueLogin !== 'pause') return false;
      if (!deps.realtime.presenceWarm()) return null;
      if (steppedOut.has(userId)) return true;
      if (online(userId)) return false;
      return leaving.has(userId) || deps.busy(userId) ? null : true;
    },
    phoneState,
    /** Whether the agent's softphone said it is not registered (the reconciler puts `no_phone` back after a reload). */
    phoneDown: (userId: number) => phoneDown.has(userId),
    /** The agent's own "log in to / out of the queues". */
    async set(userId: number, loggedIn: boolean): Promise<void> {
      if (loggedIn) steppedOut.delete(userId);
      else steppedOut.add(userId);
      await (loggedIn ? enter(userId) : leave(userId));
      deps.pushSnapshot(userId);
    },
    /** After every (re)connect to the PBX: agents without a console out, agents with one in. */
    reconcile(): void {
      if (!enabled) return;
      // A node that just started (or took over) has not heard from the others yet: it would log their agents out.
      if (!deps.realtime.presenceWarm()) {
        setTimeout(() => this.reconcile(), 500).unref();
        return;
      }
      for (const user of directory.all()) {
        if (user.role !== 'agent') continue;
        if (!online(user.id)) quietly('log-out', user.id, deps.busy(user.id) ? Promise.resolve(scheduleLeave(user.id, 5000)) : leave(user.id));
        else if (!steppedOut.has(user.id)) quietly('log-in', user.id, enter(user.id));
      }
    },
    stop(): void {
      for (const timer of leaving.values()) clearTimeout(timer);
      leaving.clear();
    },
  };
}
export type QueueLogin = ReturnType<typeof createQueueLogin>;
