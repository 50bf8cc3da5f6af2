import type { Logger } from 'pino';
import { deviceKey, type MemberSnapshot, type Telephony, type TelephonyEvent, type TelephonySnapshot } from '../../telephony';
import type { AgentDirectory, DirectoryUser } from './agent-directory';
import { NO_PHONE_REASON, OFFLINE_REASON, WRAP_UP_REASON } from './agent-snapshot';

export interface PauseFacts {
  telephony: Telephony;
  directory: AgentDirectory;
  log: Logger;
  /** QUEUE_LOGIN=pause: out of the queues (console closed past the grace, or stepped out); null = not known yet. */
  loggedOut(userId: number): boolean | null;
  /** Whether the agent owes a wrap-up hold now (a call answered, or ended and not classified). */
  owesWrapUp(userId: number): boolean;
  online(userId: number): boolean;
  /** The agent's console softphone is not registered (QUEUE_LOGIN=pause): paused `no_phone`. */
  phoneDown?(userId: number): boolean;
}

type Wanted = { paused: false } | { paused: true; reason: string };

/** The reasons the server itself sets; any other is a pause the agent (or a supervisor, or the phone) chose. */
const OURS = new Set([WRAP_UP_REASON, OFFLINE_REASON, NO_PHONE_REASON]);

const matches = (m: MemberSnapshot, want: Wanted) => (want.paused ? m.paused && m.pausedReason === want.reason : !m.paused);

/**
 * The server owns the pauses it sets. `module reload app_queue` (and `queue reload`) keeps every static member's
 * pause but drops its reason, and a member added by a reload comes in unpaused: after every re-read of the members
 * and every resync, each agent's members are brought back to what the server holds: offline while out of the
 * queues, the agent's own pause with its reason, the wrap-up hold while one is owed, or nothing.
 */
export function createPauseReconciler(facts: PauseFacts) {
  const { telephony, directory, log } = facts;
  // device → the agent's own pause reason ('' when paused with none, e.g. from the phone), as last announced.
  const own = new Map<string, string>();
  let running: Promise<void> | null = null;
  let again: TelephonySnapshot | null = null;

  /** QueueMemberPause is someone's deliberate act: remember their reason (a reload, which loses it, sends none). */
  function observe(e: TelephonyEvent): void {
    if (e.name !== 'member:paused') return;
    const key = deviceKey(e.interface);
    if (!e.paused || OURS.has(e.pausedReason)) own.delete(key);
    else own.set(key, e.pausedReason);
  }

  /** What a re-read shows: a reason we did not know of is someone's own pause; an empty one tells nothing. */
  function learn(members: MemberSnapshot[]): void {
    const key = members.length ? deviceKey(members[0].interface) : '';
    if (members.every((m) => !m.paused)) own.delete(key);
    const chosen = members.find((m) => m.paused && m.pausedReason && !OURS.has(m.pausedReason));
    if (chosen) own.set(key, chosen.pausedReason);
  }

  function wanted(user: DirectoryUser, members: MemberSnapshot[]): Wanted | null {
    const out = user.role === 'agent' ? facts.loggedOut(user.id) : false;
    if (out === null) return null;
    if (out) return { paused: true, reason: OFFLINE_REASON };
    const mine = own.get(deviceKey(user.interface));
    if (mine !== undefined) return { paused: true, reason: mine };
    if (facts.phoneDown?.(user.id)) return { paused: true, reason: NO_PHONE_REASON };
    // Held already (its reason perhaps lost to a reload) or at the console: an agent away from it is not newly held.
    const held = members.some((m) => m.paused && (m.pausedReason === WRAP_UP_REASON || m.pausedReason === ''));
    if (facts.owesWrapUp(user.id) && (held || facts.online(user.id))) return { paused: true, reason: WRAP_UP_REASON };
    return { paused: false };
  }

  async function run(snapshot: TelephonySnapshot): Promise<void> {
    const byDevice = new Map<string, MemberSnapshot[]>();
    for (const m of snapshot.queues.flatMap((q) => q.members)) byDevice.set(deviceKey(m.interface), [...(byDevice.get(deviceKey(m.interface)) ?? []), m]);
    if ([...byDevice.keys()].some((key) => !directory.byInterface(key))) await directory.refresh();
    for (const [key, members] of byDevice) {
      learn(members);
      const user = directory.byInterface(key);
      const want = user && wanted(user, members);
      if (!user || !want || members.every((m) => matches(m, want)) || telephony.status().state !== 'connected') continue;
      log.info({ userId: user.id, interface: user.interface, want }, 'queue pause put back as the server holds it');
      await telephony.pause(members[0].interface, want.paused, want.paused ? want.reason : undefined)
        .catch((error: Error) => log.warn({ err: error, userId: user.id }, 'queue pause not put back'));
    }
  }

  /** One pass at a time; a snapshot that arrives meanwhile is checked right after, the latest one only. */
  function reconcile(snapshot: TelephonySnapshot): Promise<void> {
    if (running) {
      again = snapshot;
      return running;
    }
    running = run(snapshot)
      .catch((error: unknown) => log.warn({ err: error }, 'queue pauses not reconciled'))
      .finally(() => {
        running = null;
        const next = again;
        again = null;
        if (next) void reconcile(next);
      });
    return running;
  }

  const offEvent = telephony.onEvent(observe);
  const offRefresh = telephony.onQueuesRefreshed((snapshot) => void reconcile(snapshot));
  return {
    reconcile,
    stop(): void {
      offEvent();
      offRefresh();
    },
  };
}
export type PauseReconciler = ReturnType<typeof createPauseReconciler>;
