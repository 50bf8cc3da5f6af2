import type { DataSource } from 'typeorm';
import { deviceKey, type TelephonySnapshot } from '../../telephony';
import type { AgentDirectory } from '../agents/agent-directory';
import { WRAP_UP_REASON } from '../agents/agent-snapshot';
import type { Desks } from '../agents/desks';
import type { CardService } from './card.service';
import { historyUnavailableCard } from './card.service';
import { lookupNumber } from './caller-number';

interface UnclassifiedCall {
  id: string;
  queue: string | null;
  callerNumber: string | null;
  callerName: string | null;
  offeredAt: Date | null;
  answeredAt: Date;
  endedAt: Date | null;
  direction: 'in' | 'out';
}

export interface RestoreDeps {
  dataSource: DataSource;
  desks: Desks;
  directory: AgentDirectory;
  cards: CardService;
  /** Lifts a wrap-up hold nobody owes any more. */
  release(userId: number): Promise<void>;
  /** Whether such a call is classified after it ends (an outgoing one only with OUTBOUND_WRAP_UP). */
  owes(call: { direction: 'in' | 'out' }): boolean;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A wrap-up older than a shift is not owed any more: a restart must not hold agents for last month's calls. */
const OWED_FOR = '24 hours';

/**
 * The desks are in memory; what is owed is in the call log. After every resync (a restart, a fail-over, a
 * reconnect) each agent without a call on the PBX gets back their last answered call if it is not classified,
 * whatever the PBX's pause says (its reason may be `offline`, or lost to a reload), and even if the call ended
 * while nobody was watching (its end not logged yet: it ended when the PBX was last known alive). A member held
 * for a wrap-up nobody owes is released, so that nobody stays paused forever.
 */
export async function restoreWrapUps(snapshot: TelephonySnapshot, deps: RestoreDeps): Promise<void> {
  const held = new Set(snapshot.queues.flatMap((q) => q.members).filter((m) => m.paused && m.pausedReason === WRAP_UP_REASON).map((m) => deviceKey(m.interface)));
  // Held since the answer of a call still going on: the hold is owed when it ends, not lifted now.
  const talking = new Set(snapshot.calls.flatMap((c) => (c.connectedTo ? [deviceKey(c.connectedTo)] : [])));
  const live = new Set(snapshot.calls.map((c) => c.callId));
  for (const user of deps.directory.all()) {
    const key = deviceKey(user.interface);
    if (talking.has(key) || deps.desks.get(user.id)) continue;
    const [call]: UnclassifiedCall[] = await deps.dataSource.query(
      `SELECT c.id, c.queue, c.caller_number AS "callerNumber", c.caller_name AS "callerName", c.offered_at AS "offeredAt",
              c.answered_at AS "answeredAt", c.ended_at AS "endedAt", c.direction
         FROM calls c
        WHERE c.agent_user_id = $1 AND c.wrap_up_kind IS NULL AND c.answered_at > now() - interval '${OWED_FOR}'
          -- A later call took the desk: this one was left unclassified then, it is not owed now.
          AND NOT EXISTS (SELECT 1 FROM calls l WHERE l.agent_user_id = $1 AND l.answered_at > c.answered_at)
        ORDER BY c.answered_at DESC
        LIMIT 1`,
      [user.id],
    );
    if (!call || live.has(call.id) || !deps.owes(call)) {
      if (held.has(key)) await deps.release(user.id);
      continue;
    }
    const endedAt = iso(call.endedAt) ?? snapshot.lastAliveAt ?? snapshot.at;
    const card = await deps.cards.byPhone(lookupNumber(call.callerNumber), call.id).catch(() => historyUnavailableCard());
    deps.desks.set(user.id, {
      callId: call.id, queue: call.queue ?? '', callerNumber: call.callerNumber, callerName: call.callerName,
      offeredAt: iso(call.offeredAt) ?? call.answeredAt.toISOString(), card,
      state: 'ended', answeredAt: call.answeredAt.toISOString(), endedAt,
      ...(call.direction === 'out' ? { direction: 'out' as const } : {}),
    });
  }
}
