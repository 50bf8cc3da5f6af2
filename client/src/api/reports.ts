import { http, toQuery } from './http';

export interface Pair {
  current: number;
  previous: number;
}

export interface YearlyReport {
  year: number;
  previousYear: number;
  scope: { addressee: string | null };
  appeals: Pair & { changePercent: number | null };
  byAddressee: (Pair & { addressee: string })[];
  bySource: (Pair & { source: string })[];
  byTopic: (Pair & { code: string; name: string; percent: number })[];
  flags: (Pair & { flag: string; bySource: Record<string, Pair> })[];
  bySubject: (Pair & { subject: string })[];
  byResult: (Pair & { result: string })[];
  byMonth: (Pair & { month: number })[];
  serviceRequests: Pair;
  consultations: { held: number; questions: number };
  form: {
    table1: Record<string, Pair>;
    table2: Record<string, Pair>;
    table3: { columns: { code: string; name: string }[]; rows: { row: string; all: Pair; cells: Record<string, Pair> }[] };
  };
}

export interface YearlyQuery {
  year: number;
  addressee?: string;
}

export const reportsApi = {
  yearly: (q: YearlyQuery) => http.get<YearlyReport>(`/api/reports/yearly${toQuery({ ...q })}`),
  /** Download links: the browser saves the file, the session cookie goes along. */
  exportUrl: (q: YearlyQuery, kind: 'xlsx' | 'pdf') => `/api/reports/yearly.${kind}${toQuery({ ...q })}`,
};
