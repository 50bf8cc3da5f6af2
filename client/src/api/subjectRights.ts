import { http } from './http';

export interface Anonymised {
  citizenId: number;
  at: string;
  changed: Record<string, number>;
}

/** The subject's rights (admins): the export files and the anonymisation of one citizen. */
export const subjectRightsApi = {
  exportHref: (citizenId: number, format: 'json' | 'pdf') => `/api/admin/citizens/${citizenId}/export?format=${format}`,
  anonymise: (citizenId: number, reason: string) => http.post<Anonymised>(`/api/admin/citizens/${citizenId}/anonymise`, { reason }),
};
