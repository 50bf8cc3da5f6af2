import type { DataSource } from 'typeorm';
import type { CallerCard, CardOutage, CardRequest } from '../realtime/contract';
import { overdueDays } from '../requests/deadlines';
import { WORKING, type Status } from '../requests/transitions';
import { namedQuery, readCardRows, type CardRequestRow, type CardRows } from './card.repository';

/** The card shown while the history cannot be read; the real one follows with `call:card`. */
export const historyUnavailableCard = (): CallerCard => ({
  citizen: null, openRequests: [], recentRequests: [], recentCalls: [], callsLast30Days: 0, outages: [], historyUnavailable: true,
  notices: [], escalation: null,
});

/** The active outages at a place (server/outages/outage-index.ts): matched in memory, no second round trip. */
export interface OutageMatch {
  match(place: { address: string | null; district: string | null }): CardOutage[];
}

function toCardRequest(row: CardRequestRow, now: Date): CardRequest {
  const dueAt = row.dueAt ? new Date(row.dueAt) : null;
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    topic: { code: row.topicCode, name: row.topicName },
    executor: row.executorId == null ? null : { id: row.executorId, name: row.executorName ?? '' },
    dueAt: dueAt ? dueAt.toISOString() : null,
    // Overdue is the executor's debt: only while they still owe work, counted from due_at to now.
    overdueDays: WORKING.includes(row.status as Status) ? overdueDays(dueAt, now) : 0,
  };
}

export function toCard(rows: CardRows, now: Date, outages?: OutageMatch): CallerCard {
  return {
    citizen: rows.citizen,
    openRequests: rows.open.map((r) => toCardRequest(r, now)),
    recentRequests: rows.closed.map((r) => toCardRequest(r, now)),
    recentCalls: rows.calls.map((c) => ({ ...c, at: new Date(c.at).toISOString() })),
    callsLast30Days: rows.callsLast30Days,
    notices: rows.notices,
    escalation: rows.escalation && { ...rows.escalation, since: new Date(rows.escalation.since).toISOString() },
    outages: rows.citizen && outages ? outages.match({ address: rows.citizen.address, district: rows.citizen.district }) : [],
  };
}

export interface CardService {
  /** The card of whoever calls from `phone` (E.164, or null when withheld). */
  byPhone(phone: string | null, excludeCallId?: string): Promise<CallerCard>;
  byCitizen(citizenId: number): Promise<CallerCard | null>;
}

export function createCardService(dataSource: DataSource, now: () => Date = () => new Date(), outages?: OutageMatch): CardService {
  const run = namedQuery(dataSource);
  return {
    async byPhone(phone, excludeCallId) {
      // A withheld number finds nobody and no history: no need to ask the database.
      if (!phone) return { citizen: null, openRequests: [], recentRequests: [], recentCalls: [], callsLast30Days: 0, outages: [], notices: [], escalation: null };
      return toCard(await readCardRows(run, { phone, excludeCallId }), now(), outages);
    },
    async byCitizen(citizenId) {
      const rows = await readCardRows(run, { phone: null, citizenId });
      return rows.citizen ? toCard(rows, now(), outages) : null;
    },
  };
}
