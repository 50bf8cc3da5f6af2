/** The one place that talks HTTP: same origin, session cookie, JSON in and out, typed errors. */
import type { FieldReason } from '../../../server/realtime/contract';

export interface ApiErrorBody {
  error: { code: string; message: string; fields?: Record<string, string>; reasons?: Record<string, FieldReason> };
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;

  constructor(status: number, code: string, message: string, fields: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

/** Words a field's refusal in the console's language (installed by main.ts); null when it has none. */
let fieldWords: ((reason: FieldReason) => string | null) | null = null;
export function setFieldWords(words: ((reason: FieldReason) => string | null) | null): void {
  fieldWords = words;
}

/**
 * The server's error body as an ApiError whose `fields` are in the console's language: each field's reason code
 * (docs/API.md, "Errors") worded by i18n; the server's English text where there is no code for it.
 */
export function apiErrorOf(status: number, error: ApiErrorBody['error']): ApiError {
  const fields = Object.fromEntries(
    Object.entries(error.fields ?? {}).map(([path, why]) => {
      const reason = error.reasons?.[path];
      return [path, (reason && fieldWords?.(reason)) || why];
    }),
  );
  return new ApiError(status, error.code, error.message, fields);
}

/** Called on every 401 outside the auth endpoints, so the session store can send the user to login. */
let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export type QueryValue = string | number | boolean | null | undefined;

export function toQuery(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function isErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export async function request<T>(method: string, url: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network_error', 'The server could not be reached.');
  }
  const parsed = await readBody(response);
  if (!response.ok) {
    if (response.status === 401 && !url.startsWith('/api/auth/')) onUnauthorized?.();
    if (isErrorBody(parsed)) {
      throw apiErrorOf(response.status, parsed.error);
    }
    throw new ApiError(response.status, `http_${response.status}`, response.statusText || 'Request failed');
  }
  return parsed as T;
}

export const http = {
  get: <T>(url: string, options?: RequestOptions) => request<T>('GET', url, undefined, options),
  post: <T>(url: string, body?: unknown, options?: RequestOptions) => request<T>('POST', url, body ?? {}, options),
  put: <T>(url: string, body?: unknown) => request<T>('PUT', url, body ?? {}),
  patch: <T>(url: string, body?: unknown) => request<T>('PATCH', url, body ?? {}),
  delete: <T>(url: string) => request<T>('DELETE', url),
};
