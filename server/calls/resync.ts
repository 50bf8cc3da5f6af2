import { sameDevice, type CallEnded, type CallRetracted, type TelephonySnapshot } from '../../telephony';
import type { AgentDirectory } from '../agents/agent-directory';
import type { Desks } from '../agents/desks';
import type { CurrentCall } from '../realtime/contract';

interface DeskRepairs {
  desks: Desks;
  directory: AgentDirectory;
  retract(e: Pick<CallRetracted, 'callId' | 'interface' | 'reason'>): void;
  end(e: CallEnded): Promise<void>;
  /** Click-to-call: whether the PBX has not yet answered the Originate (no channel is expected before that). */
  originating(callId: string): boolean;
  endOutbound(e: CallEnded): void;
  refuseOutbound(callId: string, reason: string): void;
}

/**
 * A safety net after a resync: the telephony layer already publishes the events that bridge the gap, but a
 * desk must never keep ringing (or talking) for a call the PBX no longer has, whatever we missed.
 */
export async function reconcileDesks(snapshot: TelephonySnapshot, r: DeskRepairs): Promise<void> {
  const live = new Map(snapshot.calls.map((c) => [c.callId, c]));
  for (const [userId, desk] of r.desks.entries()) {
    const iface = r.directory.byId(userId)?.interface;
    const call = live.get(desk.call.callId);
    if (!iface || desk.call.state === 'ended') continue;
    if (desk.call.direction === 'out') {
      if (!call && !r.originating(desk.call.callId)) endOutbound(desk.call, iface, snapshot, r);
      continue;
    }
    if (desk.call.state === 'ringing' && !call?.ringing.some((i) => sameDevice(i, iface)) && !sameDevice(call?.connectedTo, iface)) {
      r.retract({ callId: desk.call.callId, interface: iface, reason: call ? 'answered_elsewhere' : 'caller_left' });
    } else if (desk.call.state === 'answered' && !call) {
      // Gone while we could not see: it ended when last known alive (the link's loss), not now.
      const endedAt = snapshot.lastAliveAt ?? snapshot.at;
      const talkSeconds = Math.max(0, Math.round((Date.parse(endedAt) - Date.parse(desk.call.answeredAt ?? endedAt)) / 1000));
      await r.end({ name: 'call:ended', callId: desk.call.callId, queue: desk.call.queue, interface: iface, hangupBy: 'unknown', holdSeconds: 0, talkSeconds, at: endedAt, estimated: true });
    }
  }
}

/** A click-to-call the PBX no longer has: never dialled (no channel ever came), or ended while we could not see. */
function endOutbound(call: CurrentCall, iface: string, snapshot: TelephonySnapshot, r: DeskRepairs): void {
  if (call.state === 'dialling') return r.refuseOutbound(call.callId, 'agent_phone_unavailable');
  const endedAt = snapshot.lastAliveAt ?? snapshot.at;
  const talkSeconds = Math.max(0, Math.round((Date.parse(endedAt) - Date.parse(call.answeredAt ?? endedAt)) / 1000));
  r.endOutbound({ name: 'call:ended', callId: call.callId, queue: '', interface: iface, hangupBy: 'unknown', holdSeconds: 0, talkSeconds, at: endedAt, estimated: true });
}
