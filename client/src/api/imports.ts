import type { FieldReason } from '../../../server/realtime/contract';
import { ApiError, apiErrorOf, http, toQuery, type ApiErrorBody } from './http';

export const IMPORT_FORMATS = ['ukc1545', 'regional_hotline', 'city'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface RowError {
  row: number;
  column: string;
  /** The server's English sentence: shown when the console cannot word `reason`. */
  why: string;
  reason?: FieldReason;
}

export interface ImportSummary {
  id: number;
  format: ImportFormat;
  fileName: string;
  fileHash: string;
  dryRun: boolean;
  outcome: 'imported' | 'rejected' | 'dry_run';
  total: number;
  new: number;
  updated: number;
  unchanged: number;
  rejected: number;
  unclassified: number;
  errors: RowError[];
  /** Problems found past those listed; `stoppedAtRow`: where reading stopped after 1,000 (null = read to the end). */
  moreErrors?: number;
  stoppedAtRow?: number | null;
  unmapped: { text: string; count: number }[];
}

export interface ImportRecord {
  id: number;
  format: ImportFormat;
  fileName: string;
  fileHash: string;
  actor: string;
  dryRun: boolean;
  outcome: ImportSummary['outcome'];
  total: number;
  new: number;
  updated: number;
  unchanged: number;
  rejected: number;
  unclassified: number;
  finishedAt: string;
}

export interface ImportForm {
  format: ImportFormat;
  file: File;
  addressee?: string;
  dryRun: boolean;
}

/** A rejected file answers 400 with the import's summary beside the error: the page shows its bad rows. */
export async function uploadImport(form: ImportForm): Promise<ImportSummary> {
  const data = new FormData();
  data.set('format', form.format);
  if (form.addressee) data.set('addressee', form.addressee);
  data.set('dryRun', String(form.dryRun));
  data.set('file', form.file, form.file.name);
  let response: Response;
  try {
    response = await fetch('/api/imports', { method: 'POST', credentials: 'same-origin', body: data, headers: { Accept: 'application/json' } });
  } catch {
    throw new ApiError(0, 'network_error', 'The server could not be reached.');
  }
  const parsed = (await response.json().catch(() => null)) as { error?: ApiErrorBody['error']; import?: ImportSummary } | null;
  if (response.ok) return parsed as unknown as ImportSummary;
  if (parsed?.import) return parsed.import;
  const e = parsed?.error;
  throw e ? apiErrorOf(response.status, e) : new ApiError(response.status, `http_${response.status}`, response.statusText, {});
}

export const importsApi = {
  upload: uploadImport,
  list: (limit = 20) => http.get<{ items: ImportRecord[] }>(`/api/imports${toQuery({ limit })}`),
};

export interface TopicSuggestion {
  code: string;
  name: string;
  score: number;
}

/** The map of senders' topic texts to ours (`import_topic_maps`). */
export const topicMapApi = {
  list: (format: ImportFormat) => http.get<{ items: { text: string; topicCode: string; topicName: string }[] }>(`/api/imports/topic-map${toQuery({ format })}`),
  put: (format: ImportFormat, lines: { text: string; topicCode: string }[]) => http.put<{ written: number }>('/api/imports/topic-map', { format, lines }),
  suggest: (texts: string[]) => http.post<{ items: { text: string; suggestions: TopicSuggestion[] }[] }>('/api/imports/topic-map/suggestions', { texts }),
};
