import type { DataSource } from 'typeorm';
import { csvCell } from '../exports/csv-cell';

type Sql = Pick<DataSource, 'query'>;

export interface AgentOccupancy {
  userId: number | null;
  name: string;
  loggedInSeconds: number;
  handlingSeconds: number;
  availableSeconds: number;
  pausedSeconds: number;
  pausedByReason: Record<string, number>;
  /** Handling over handling + available (%): how busy the agent was while taking calls. */
  occupancyPercent: number | null;
  /** Paused over logged in (%): the time bought but not on the phones. */
  shrinkagePercent: number | null;
}

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : null);
const s = (x: number) => Math.round(x * 10) / 10;

// Each interval clipped to the period; an open one runs to now.
const CLIPPED = `SELECT user_id, state, coalesce(reason, '') AS reason,
         greatest(0, extract(epoch FROM least(coalesce(ended_at, now()), $2) - greatest(started_at, $1)))::float8 AS seconds
    FROM agent_states WHERE started_at < $2 AND coalesce(ended_at, now()) > $1`;

function row(userId: number | null, name: string, t: { handling: number; available: number; paused: number; other: number }, reasons: Record<string, number>): AgentOccupancy {
  const loggedIn = t.handling + t.available + t.paused + t.other;
  return {
    userId, name, loggedInSeconds: s(loggedIn), handlingSeconds: s(t.handling), availableSeconds: s(t.available), pausedSeconds: s(t.paused),
    pausedByReason: Object.fromEntries(Object.entries(reasons).map(([k, v]) => [k, s(v)])),
    occupancyPercent: pct(t.handling, t.handling + t.available), shrinkagePercent: pct(t.paused, loggedIn),
  };
}

/** Occupancy and shrinkage per agent and for the team, from the agents' recorded states and pause reasons. */
export async function occupancy(sql: Sql, from: Date, to: Date): Promise<{ agents: AgentOccupancy[]; team: AgentOccupancy }> {
  const rows: Array<{ user_id: number; name: string; state: string; reason: string; seconds: number }> = await sql.query(
    `SELECT c.user_id, u.full_name AS name, c.state, c.reason, sum(c.seconds)::float8 AS seconds
       FROM (${CLIPPED}) c JOIN users u ON u.id = c.user_id
      WHERE c.state <> 'offline' GROUP BY 1, 2, 3, 4 ORDER BY 2, 1`,
    [from, to],
  );
  const empty = () => ({ t: { handling: 0, available: 0, paused: 0, other: 0 }, reasons: {} as Record<string, number>, name: '' });
  const by = new Map<number, ReturnType<typeof empty>>();
  const team = empty();
  for (const r of rows) {
    const agent = by.get(r.user_id) ?? { ...empty(), name: r.name };
    by.set(r.user_id, agent);
    for (const acc of [agent, team]) {
      const kind = r.state === 'available' ? 'available' : r.state === 'paused' ? 'paused' : ['in_call', 'ringing', 'wrap_up'].includes(r.state) ? 'handling' : 'other';
      acc.t[kind] += r.seconds;
      if (kind === 'paused') acc.reasons[r.reason || 'none'] = (acc.reasons[r.reason || 'none'] ?? 0) + r.seconds;
    }
  }
  return { agents: [...by].map(([id, a]) => row(id, a.name, a.t, a.reasons)), team: row(null, 'team', team.t, team.reasons) };
}

/** The same as CSV (UTF-8 with a BOM, `;`), one line per agent and the team last, pause reasons as columns. */
export function occupancyCsv(o: { agents: AgentOccupancy[]; team: AgentOccupancy }): string {
  const all = [...o.agents, o.team];
  const reasons = [...new Set(all.flatMap((a) => Object.keys(a.pausedByReason)))].sort();
  const head = ['agent', 'logged_in_s', 'handling_s', 'available_s', 'paused_s', ...reasons.map((r) => `paused_${r}_s`), 'occupancy_pct', 'shrinkage_pct'];
  const lines = all.map((a) => [a.name, a.loggedInSeconds, a.handlingSeconds, a.availableSeconds, a.pausedSeconds, ...reasons.map((r) => a.pausedByReason[r] ?? 0), a.occupancyPercent, a.shrinkagePercent]);
  return `\uFEFF${[head, ...lines].map((l) => l.map((v) => csvCell(v)).join(';')).join('\r\n')}\r\n`;
}
