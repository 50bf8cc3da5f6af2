import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Telephony, TelephonyEvent } from '../../../telephony';
import type { AgentDirectory } from '../../agents/agent-directory';
import { createKeyedSerial } from '../keyed-serial';
import { insertTransfer, lastTransfer, openTransfer, setTransfer } from './transfer.repository';
import type { TransferNotes } from './transfer-notes';

export interface TransferEventsDeps {
  dataSource: DataSource;
  telephony: Telephony;
  directory: AgentDirectory;
  notes: TransferNotes;
  log: Logger;
}

/**
 * Keeps each transfer's parts in `call_transfers` from the PBX's events: when the first agent's part ended (their
 * talk time), who took the caller and when, how long they talked, or that the target never answered or the
 * attended transfer was cancelled. A transfer made from a phone (not the console) gets its row here.
 */
export function watchTransfers(deps: TransferEventsDeps): () => void {
  const { dataSource, directory, notes } = deps;
  const lanes = createKeyedSerial((error, key) => deps.log.error({ err: error, key }, 'transfer log write failed'));
  const userOf = (iface: string) => directory.byInterface(iface)?.id ?? null;

  async function transferred(e: Extract<TelephonyEvent, { name: 'call:transferred' }>): Promise<void> {
    const open = await openTransfer(dataSource, e.callId);
    const fromUserId = userOf(e.interface);
    if (!notes.has(e.callId) && fromUserId) await notes.remember(e.callId, fromUserId);
    if (!open) {
      await insertTransfer(dataSource, { id: randomUUID(), callId: e.callId, mode: 'blind', toKind: 'phone', toValue: null, fromUserId, fromInterface: e.interface, status: 'transferred', transferredAt: e.at, fromTalkSeconds: e.talkSeconds });
      return;
    }
    const answered = open.status === 'consulting';
    await setTransfer(dataSource, open.id, { status: answered ? 'answered' : 'transferred', transferredAt: e.at, fromTalkSeconds: e.talkSeconds });
  }

  async function answered(e: Extract<TelephonyEvent, { name: 'call:answered' }>): Promise<void> {
    const open = await openTransfer(dataSource, e.callId);
    const part = { toUserId: userOf(e.interface), toInterface: e.interface, answeredAt: e.at };
    if (open) return setTransfer(dataSource, open.id, { status: open.status === 'consulting' ? 'consulting' : 'answered', ...part });
    // The target never answered and the dialplan sent the caller back to the queue: whoever answers there has
    // the next part, handed on by the same agent.
    const last = await lastTransfer(dataSource, e.callId);
    if (!last) return;
    await insertTransfer(dataSource, {
      id: randomUUID(), callId: e.callId, mode: 'blind', toKind: 'queue', toValue: e.queue || null, fromUserId: last.fromUserId, fromInterface: last.fromInterface,
      status: 'answered', transferredAt: e.at, ...part,
    });
  }

  async function retracted(e: Extract<TelephonyEvent, { name: 'call:retracted' }>): Promise<void> {
    const open = await openTransfer(dataSource, e.callId);
    if (!open) return;
    if (e.reason === 'transfer_cancelled' && open.status === 'consulting') await setTransfer(dataSource, open.id, { status: 'cancelled', endedAt: e.at });
    // A blind transfer's target that never answered: the dialplan sends the caller back (to the queue or the agent).
    else if (open.status === 'transferred' && open.toKind !== 'queue' && e.reason !== 'answered_elsewhere') await setTransfer(dataSource, open.id, { status: 'no_answer', endedAt: e.at });
  }

  async function ended(e: Extract<TelephonyEvent, { name: 'call:ended' }>): Promise<void> {
    notes.forget(e.callId);
    const open = await openTransfer(dataSource, e.callId);
    if (!open) return;
    if (open.status === 'answered') await setTransfer(dataSource, open.id, { endedAt: e.at, talkSeconds: e.talkSeconds });
    else await setTransfer(dataSource, open.id, { status: open.status === 'consulting' ? 'cancelled' : 'no_answer', endedAt: e.at });
  }

  return deps.telephony.onEvent((e) => {
    const lane = (work: () => Promise<void>) => void lanes.run(`transfer:${'callId' in e ? e.callId : ''}`, work);
    if (e.name === 'call:transferred') lane(() => transferred(e));
    else if (e.name === 'call:answered' && e.afterTransfer) lane(() => answered(e));
    else if (e.name === 'call:retracted') lane(() => retracted(e));
    else if (e.name === 'call:ended') lane(() => ended(e));
  });
}
