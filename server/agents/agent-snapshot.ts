import { deviceKey, type TelephonySnapshot } from '../../telephony';
import type { AgentSnapshot, AgentState } from '../realtime/contract';
import type { Desk } from './desks';

/** The PBX's own hold during wrap-up: not a pause the agent chose, so it is never shown as one. */
export const WRAP_UP_REASON = 'wrap_up';

/** The pause reason that means "not logged in to the queues" (QUEUE_LOGIN=pause): the console is closed. */
export const OFFLINE_REASON = 'offline';

/** The pause reason that means "the console's softphone is not registered" (QUEUE_LOGIN=pause): no ringing a dead phone. */
export const NO_PHONE_REASON = 'no_phone';

export interface Membership {
  member: boolean;
  paused: boolean;
  /** The reason the agent (or a supervisor, or the phone) gave; null when not paused or only held for wrap-up. */
  pausedReason: string | null;
}

const NOT_A_MEMBER: Membership = { member: false, paused: false, pausedReason: null };

/** device (`deviceKey`) → how the PBX sees that member across its queues. */
export function membershipsOf(snapshot: TelephonySnapshot | null): Map<string, Membership> {
  const out = new Map<string, Membership>();
  for (const queue of snapshot?.queues ?? []) {
    for (const m of queue.members) {
      const key = deviceKey(m.interface);
      const seen = out.get(key) ?? { member: true, paused: false, pausedReason: null };
      if (m.paused && m.pausedReason !== WRAP_UP_REASON) {
        seen.paused = true;
        seen.pausedReason ??= m.pausedReason || 'paused';
      }
      out.set(key, seen);
    }
  }
  return out;
}

export function membershipOf(memberships: Map<string, Membership>, iface: string | null): Membership {
  return (iface && memberships.get(deviceKey(iface))) || NOT_A_MEMBER;
}

function stateOf(desk: Desk | null, m: Membership): AgentState {
  if (desk?.call.direction === 'out') return desk.call.state === 'ended' ? 'wrap_up' : 'in_call';
  switch (desk?.call.state) {
    case 'ringing': return 'ringing';
    case 'answered': return 'in_call';
    case 'ended': return 'wrap_up';
    default:
      if (m.paused && m.pausedReason === OFFLINE_REASON) return 'offline';
      return m.paused ? 'paused' : m.member ? 'available' : 'offline';
  }
}

/** What a console needs on (re)connect: my state, my pause reason, my current call with its card. */
export function agentSnapshot(desk: Desk | null, m: Membership): AgentSnapshot {
  return { state: stateOf(desk, m), pausedReason: m.pausedReason, call: desk ? { ...desk.call } : null };
}
