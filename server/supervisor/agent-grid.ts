import { deviceKey, type CallSnapshot, type TelephonySnapshot } from '../../telephony';
import { membershipOf, membershipsOf, OFFLINE_REASON, type Membership } from '../agents/agent-snapshot';
import type { Desk } from '../agents/desks';
import { displayNumber } from '../calls/caller-number';
import type { AgentGridRow, AgentState } from '../realtime/contract';
import type { GridAgent } from './live.repository';

export interface GridInputs {
  agents: GridAgent[];
  snapshot: TelephonySnapshot | null;
  desk: (userId: number) => Desk | null;
  figures: Map<number, { answered: number; averageHandleSeconds: number | null }>;
  now: Date;
}

interface Seen {
  state: AgentState;
  callId: string | null;
  /** Why the state started: a new reason is a new pause. */
  reason: string | null;
  since: string;
}

type Call = AgentGridRow['call'];

type OnPhone = Map<string, { call: CallSnapshot; state: 'in_call' | 'ringing' }>;

/** Device → the call it talks on or rings for, built once per grid: a thousand agents must not each scan every call. */
function phonesOf(snapshot: TelephonySnapshot | null): OnPhone {
  const out: OnPhone = new Map();
  for (const call of snapshot?.calls ?? []) for (const r of call.ringing) out.set(deviceKey(r), { call, state: 'ringing' });
  // Talking wins over ringing (a ringall leftover).
  for (const call of snapshot?.calls ?? []) if (call.connectedTo) out.set(deviceKey(call.connectedTo), { call, state: 'in_call' });
  return out;
}

function citizenOf(desk: Desk | null, callId: string): { citizenId: number | null; citizenName: string | null } {
  const citizen = desk?.call.callId === callId ? desk.call.card.citizen : null;
  // A confidential citizen's name stays on the agent's card; the grid shows the number only.
  return { citizenId: citizen?.id ?? null, citizenName: citizen && !citizen.confidential ? citizen.fullName : null };
}

/**
 * One agent's state. The PBX's picture of calls comes first (it is there the instant an event arrives, before
 * the pop's card lookup has put the call on the agent's desk); the desk adds click-to-call and the wrap-up.
 */
function stateOf(agent: GridAgent, inputs: GridInputs, m: Membership, phones: OnPhone): { state: AgentState; call: Call; since: string | null } {
  const desk = inputs.desk(agent.id);
  if (desk?.call.direction === 'out') {
    const c = desk.call;
    return { state: 'in_call', since: c.answeredAt ?? c.offeredAt, call: { callId: c.callId, queue: null, callerNumber: c.callerNumber, ...citizenOf(desk, c.callId), since: c.answeredAt ?? c.offeredAt } };
  }
  const onPhone = agent.interface ? phones.get(deviceKey(agent.interface)) : undefined;
  if (onPhone) {
    const { call, state } = onPhone;
    const since = state === 'in_call' ? call.answeredAt : null;
    // A ringing call's "since" is the grid's own (when the ringing was first seen), filled in by the caller.
    return { state, since, call: { callId: call.callId, queue: call.queue, callerNumber: displayNumber(call.callerNumber), ...citizenOf(desk, call.callId), since: since ?? '' } };
  }
  if (desk?.call.state === 'ended') return { state: 'wrap_up', since: desk.call.endedAt, call: null };
  if (m.paused && m.pausedReason === OFFLINE_REASON) return { state: 'offline', since: null, call: null };
  return { state: m.paused ? 'paused' : m.member ? 'available' : 'offline', since: null, call: null };
}

/**
 * The supervisors' agent grid. Time in state is kept here: a state (or a call, or a pause reason) not seen at
 * the previous build starts now, unless the call says when it really started.
 */
export function createAgentGrid() {
  const seen = new Map<number, Seen>();

  return function build(inputs: GridInputs): AgentGridRow[] {
    const memberships = membershipsOf(inputs.snapshot);
    const phones = phonesOf(inputs.snapshot);
    const rows = inputs.agents.map((agent): AgentGridRow => {
      const m = membershipOf(memberships, agent.interface);
      const { state, call, since } = stateOf(agent, inputs, m, phones);
      const reason = state === 'paused' ? m.pausedReason : null;
      const before = seen.get(agent.id);
      const same = before && before.state === state && before.callId === (call?.callId ?? null) && before.reason === reason;
      const entry: Seen = same ? before : { state, callId: call?.callId ?? null, reason, since: since ?? inputs.now.toISOString() };
      seen.set(agent.id, entry);
      if (call && !call.since) call.since = entry.since;
      const figures = inputs.figures.get(agent.id);
      return {
        userId: agent.id, name: agent.fullName, interface: agent.interface, state, since: entry.since, pausedReason: reason, call,
        answeredToday: figures?.answered ?? 0, averageHandleSeconds: figures?.averageHandleSeconds ?? null,
      };
    });
    const present = new Set(inputs.agents.map((a) => a.id));
    for (const id of seen.keys()) if (!present.has(id)) seen.delete(id);
    return rows;
  };
}
