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
}

export interface RestoreDeps {
  dataSource: DataSource;
  desks: Desks;
  directory: AgentDirectory;
  cards: CardService;
  /** Lifts a wrap-up hold nobody owes any more. */
  release(userId: number): Promise<void>;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Our wrap-up hold outlives a server restart in the PBX, but the desks are in memory. After a resync, an
 * agent still held for wrap-up gets their unclassified call back (from the call log, on the
 * calls_awaiting_wrap_up index); when there is none, the hold is lifted so that nobody stays paused forever.
 */
export async function restoreWrapUps(snapshot: TelephonySnapshot, deps: RestoreDeps): Promise<void> {
  const held = new Set(snapshot.queues.flatMap((q) => q.members).filter((m) => m.paused && m.pausedReason === WRAP_UP_REASON).map((m) => deviceKey(m.interface)));
  // Held since the answer of a call still going on: the hold is owed when it ends, not lifted now.
  const talking = new Set(snapshot.calls.flatMap((c) => (c.connectedTo ? [deviceKey(c.connectedTo)] : [])));
  for (const user of deps.directory.all()) {
    const key = deviceKey(user.interface);
    if (!held.has(key) || talking.has(key) || deps.desks.get(user.id)) continue;
    const [call]: UnclassifiedCall[] = await deps.dataSource.query(
      `SELECT id, queue, caller_number AS "callerNumber", caller_name AS "callerName", offered_at AS "offeredAt",
              answered_at AS "answeredAt", ended_at AS "endedAt"
         FROM calls WHERE agent_user_id = $1 AND wrap_up_kind IS NULL AND answered_at IS NOT NULL
        ORDER BY answered_at DESC LIMIT 1`,
      [user.id],
    );
    if (!call?.endedAt) {
      await deps.release(user.id);
      continue;
    }
    const card = await deps.cards.byPhone(lookupNumber(call.callerNumber), call.id).catch(() => historyUnavailableCard());
    deps.desks.set(user.id, {
      callId: call.id, queue: call.queue ?? '', callerNumber: call.callerNumber, callerName: call.callerName,
      offeredAt: iso(call.offeredAt) ?? call.answeredAt.toISOString(), card,
      state: 'ended', answeredAt: call.answeredAt.toISOString(), endedAt: iso(call.endedAt),
    });
  }
}
