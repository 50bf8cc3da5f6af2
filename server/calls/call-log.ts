import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { clampDurations, type TelephonyEvent, type TelephonySnapshot } from '../../telephony';
import type { AgentDirectory } from '../agents/agent-directory';
import { isDatabaseDown } from '../http/errors';
import { closeVanished, endCall, markAbandoned, markDialFailed, markTransferred, setCitizen, upsertCall } from './call-log.repository';
import { displayNumber } from './caller-number';
import { createWriteGate } from './write-gate';

/** Connections the call log may hold at once (of the pool's 10): the API keeps the rest, whatever the burst. */
export const CALL_LOG_CONNECTIONS = 3;

/**
 * Anything but a statement PostgreSQL will refuse again (bad data, a constraint, bad SQL) may succeed later:
 * connection refused or terminated, a database not accepting connections, too many clients.
 */
function worthRetrying(error: unknown): boolean {
  if (isDatabaseDown(error)) return true;
  const code = String((error as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (error as { code?: string }).code ?? '');
  return !/^(22|23|42)/.test(code);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());

/**
 * The call log in PostgreSQL, written from the domain events (each call's writes in order, in its own lane)
 * and reconciled with the PBX after every resync. While the database is down writes are retried, so an
 * outage does not leave holes either.
 */
export function createCallLog(dataSource: DataSource, directory: AgentDirectory, log: Logger, retryForMs = 60_000) {
  const gate = createWriteGate(CALL_LOG_CONNECTIONS);

  async function write(what: string, callId: string, work: () => Promise<unknown>): Promise<void> {
    const giveUpAt = Date.now() + retryForMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await gate.run(work);
        return;
      } catch (error) {
        if (!worthRetrying(error) || Date.now() > giveUpAt) {
          log.error({ err: error, callId, what }, 'call log write failed');
          return;
        }
        await sleep(Math.min(2000, 100 * attempt));
      }
    }
  }

  const agentOf = (iface: string | null) => (iface ? (directory.byInterface(iface)?.id ?? null) : null);

  async function apply(event: TelephonyEvent): Promise<void> {
    const sql = dataSource;
    // The telephony layer clamps what it publishes; what reaches the log by other paths (a resync's estimate) too.
    const e = clampDurations(event, (c) => log.warn({ ...c, callId: 'callId' in event ? event.callId : null }, 'absurd call duration clamped before the call log'));
    switch (e.name) {
      case 'call:queued':
        return write(e.name, e.callId, () =>
          upsertCall(sql, { id: e.callId, callerNumber: displayNumber(e.callerNumber), callerName: e.callerName || null, queue: e.queue, queuedAt: e.at }));
      case 'call:offered':
        // After a transfer the row keeps the agent who took the call; the later parts are in call_transfers.
        if (e.afterTransfer) return;
        return write(e.name, e.callId, () =>
          upsertCall(sql, {
            id: e.callId, callerNumber: displayNumber(e.callerNumber), callerName: e.callerName || null, queue: e.queue,
            offeredAt: e.at, interface: e.interface, agentUserId: agentOf(e.interface),
          }));
      case 'call:answered':
        if (e.afterTransfer) return;
        return write(e.name, e.callId, () =>
          upsertCall(sql, { id: e.callId, queue: e.queue, interface: e.interface, agentUserId: agentOf(e.interface), answeredAt: e.at, holdSeconds: e.holdSeconds }));
      case 'call:dialled':
        // Click-to-call: the citizen's leg decides the outcome and when the talk started.
        if (e.status === 'answered') return write(e.name, e.callId, () => sql.query(`UPDATE calls SET answered_at = coalesce(answered_at, $2) WHERE id = $1 AND direction = 'out'`, [e.callId, e.at]));
        if (e.status === 'ringing') return;
        return write(e.name, e.callId, () => markDialFailed(sql, e.callId, e.status === 'busy' || e.status === 'failed' ? e.status : 'no_answer'));
      case 'call:abandoned':
        return write(e.name, e.callId, () => markAbandoned(sql, e.callId, e.holdSeconds));
      case 'call:transferred':
        return write(e.name, e.callId, () => markTransferred(sql, e.callId, e.talkSeconds));
      case 'call:ended':
        return write(e.name, e.callId, async () => {
          // A queue call missed from its start still gets its row; other calls (conference legs) are not ours to log.
          if (e.queue) await upsertCall(sql, { id: e.callId, queue: e.queue, interface: e.interface, agentUserId: agentOf(e.interface) });
          await endCall(sql, { id: e.callId, endedAt: e.at, hangupBy: e.hangupBy, holdSeconds: e.holdSeconds, talkSeconds: e.talkSeconds, estimated: e.estimated });
        });
      default:
        return;
    }
  }

  /** The PBX's picture after a (re)connect: live queue calls upserted, the log's open calls it no longer has closed. */
  async function reconcile(snapshot: TelephonySnapshot): Promise<void> {
    const queueCalls = snapshot.calls.filter((c) => c.queue);
    for (const c of queueCalls) {
      await write('resync', c.callId, () =>
        upsertCall(dataSource, {
          id: c.callId, callerNumber: displayNumber(c.callerNumber), callerName: c.callerName || null, queue: c.queue, queuedAt: c.queuedAt,
          interface: c.connectedTo, agentUserId: agentOf(c.connectedTo), answeredAt: c.answeredAt,
        }));
    }
    await write('resync', '*', async () => {
      // After a lost link the vanished calls end when last known alive, as their own `call:ended` says: the
      // two writers may race, so both must write the same time.
      const closed = await closeVanished(dataSource, snapshot.calls.map((c) => c.callId), snapshot.lastAliveAt ?? snapshot.at, snapshot.pbxStartedAt ?? null, snapshot.at);
      if (closed > 0) log.info({ closed }, 'call log: closed calls that ended while the PBX was out of sight');
    });
  }

  return {
    apply,
    reconcile,
    citizenFound: (callId: string, citizenId: number) => write('citizen', callId, () => setCitizen(dataSource, callId, citizenId)),
  };
}
export type CallLog = ReturnType<typeof createCallLog>;
