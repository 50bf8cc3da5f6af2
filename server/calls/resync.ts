import { sameDevice, type CallEnded, type CallRetracted, type TelephonySnapshot } from '../../telephony';
import type { AgentDirectory } from '../agents/agent-directory';
import type { Desks } from '../agents/desks';

interface DeskRepairs {
  desks: Desks;
  directory: AgentDirectory;
  retract(e: Pick<CallRetracted, 'callId' | 'interface' | 'reason'>): void;
  end(e: CallEnded): Promise<void>;
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
    if (desk.call.state === 'ringing' && !call?.ringing.some((i) => sameDevice(i, iface)) && !sameDevice(call?.connectedTo, iface)) {
      r.retract({ callId: desk.call.callId, interface: iface, reason: call ? 'answered_elsewhere' : 'caller_left' });
    } else if (desk.call.state === 'answered' && !call) {
      const talkSeconds = Math.max(0, Math.round((Date.parse(snapshot.at) - Date.parse(desk.call.answeredAt ?? snapshot.at)) / 1000));
      await r.end({ name: 'call:ended', callId: desk.call.callId, queue: desk.call.queue, interface: iface, hangupBy: 'unknown', holdSeconds: 0, talkSeconds, at: snapshot.at });
    }
  }
}
