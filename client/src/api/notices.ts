import { http, toQuery } from './http';

export const NOTICE_KINDS = ['news', 'legislation', 'problem', 'script'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface Notice {
  id: number;
  kind: NoticeKind;
  title: string;
  body: string;
  validFrom: string;
  validUntil: string;
  topicCodes: string[];
  districtCodes: string[];
  createdAt: string;
  createdBy: { id: number; fullName: string | null } | null;
  acknowledged: boolean;
  readers: number;
  acks: number;
}

export interface NewNotice {
  title: string;
  body: string;
  kind: NoticeKind;
  validFrom?: string;
  validUntil: string;
  topicCodes: string[];
  districtCodes: string[];
}

export interface NoticeReader {
  userId: number;
  fullName: string | null;
  username: string;
  ackedAt: string | null;
}

export const noticesApi = {
  list: (active = true) => http.get<{ items: Notice[] }>(`/api/notices${toQuery({ active })}`),
  publish: (notice: NewNotice) => http.post<Notice>('/api/notices', notice),
  ack: (id: number) => http.post<null>(`/api/notices/${id}/ack`),
  readers: (id: number) => http.get<{ items: NoticeReader[] }>(`/api/notices/${id}/readers`),
};
