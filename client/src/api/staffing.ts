import { http, toQuery } from './http';

export interface ForecastSlot {
  start: string;
  label: string;
  offered: number;
  ahtSeconds: number;
  patienceSeconds: number;
  agentsErlangC: number | null;
  agentsErlangA: number | null;
  staffed: number | null;
  staffToSchedule: number | null;
  source: 'history' | 'manual';
}

export interface StaffingForecast {
  queue: string;
  from: string;
  days: number;
  targets: { serviceLevelPercent: number; serviceLevelSeconds: number; maxAbandonPercent: number; maxOccupancyPercent: number };
  basis: { from: string; to: string; daysUsed: number; daysLeftOut: string[] };
  patience: { meanSeconds: number; abandoned: number; observed: number };
  /** English, for integrators; the console words `noteReasons` (same order). */
  notes: string[];
  noteReasons?: ({ code: string } & Record<string, string | number>)[];
  shrinkagePercent: number;
  shrinkageSource: 'given' | 'measured' | 'none';
  slots: ForecastSlot[];
}

export interface ForecastQuery { queue: string; from?: string; days?: number; shrinkagePercent?: number }

export const staffingApi = {
  forecast: (q: ForecastQuery) => http.get<StaffingForecast>(`/api/staffing/forecast${toQuery({ ...q })}`),
  saveRota: (queue: string, slots: { start: string; agents: number }[]) => http.put<{ saved: number }>('/api/staffing/rota', { queue, slots }),
};
