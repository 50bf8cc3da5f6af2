import type { AppealRequest, RequestCitizen } from '../../api/types';

export function isOverdue(request: Pick<AppealRequest, 'overdueDays'>): boolean {
  return (request.overdueDays ?? 0) > 0;
}

/** The applicant's name, unless they asked not to disclose it or there is none (anonymous). */
export function citizenLabel(citizen: RequestCitizen | null, hidden: string): string {
  if (!citizen) return '—';
  if (citizen.confidential) return hidden;
  return citizen.fullName ?? '—';
}

export function citizenPhone(citizen: RequestCitizen | null): string | null {
  return citizen?.phone ?? citizen?.phones?.[0] ?? null;
}
