import { z } from 'zod';
import type { Sql } from '../citizens/citizens.repository';

export interface EscalationSettings {
  /** Calls attached to one open request that put it on the supervisor's list. */
  repeatCalls: number;
  /** Requests about one building and topic within `placeDays` that put the latest on the list. */
  placeRequests: number;
  placeDays: number;
}

export const DEFAULT_ESCALATION: EscalationSettings = { repeatCalls: 3, placeRequests: 3, placeDays: 30 };

export const settingsSchema = z
  .object({
    repeatCalls: z.number().int().min(2).max(100),
    placeRequests: z.number().int().min(2).max(1000),
    placeDays: z.number().int().min(1).max(365),
  })
  .strict();

export async function readSettings(sql: Sql): Promise<EscalationSettings> {
  const [row] = await sql.query(
    'SELECT repeat_calls AS "repeatCalls", place_requests AS "placeRequests", place_days AS "placeDays" FROM escalation_settings WHERE id = 1');
  return row ?? DEFAULT_ESCALATION;
}

export async function writeSettings(sql: Sql, s: EscalationSettings, userId: number): Promise<void> {
  await sql.query(
    `INSERT INTO escalation_settings (id, repeat_calls, place_requests, place_days, updated_by) VALUES (1, $1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET repeat_calls = $1, place_requests = $2, place_days = $3, updated_by = $4, updated_at = now()`,
    [s.repeatCalls, s.placeRequests, s.placeDays, userId]);
}
