import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppError, isDatabaseDown, isPoolExhausted } from '../http/errors';
import { xmlDocument, type ItemNames } from './xml';

export type Format = 'json' | 'xml';

/** The element each list holds (GeoReport v2's XML: `<services><service>`, `<service_requests><request>` …). */
export const ITEMS: ItemNames = {
  services: 'service', service_requests: 'request', errors: 'error', attributes: 'attribute', values: 'value',
  endpoints: 'endpoint', formats: 'format',
};

/** `services.json` → `{ name: 'services', format: 'json' }`; the last dot splits, so `HS.08.xml` names HS.08. */
export function splitFormat(file: string): { name: string; format: Format } | null {
  const dot = file.lastIndexOf('.');
  const format = file.slice(dot + 1);
  if (dot < 0 || (format !== 'json' && format !== 'xml')) return null;
  return { name: file.slice(0, dot), format };
}

/** One answer in the format the address asked for; `root` names the XML document's outer element. */
export function send(res: Response, format: Format, root: string, body: unknown, status = 200): void {
  res.locals.open311Format = format;
  if (format === 'json') {
    res.status(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
    return;
  }
  res.status(status).type('text/xml; charset=utf-8').send(xmlDocument(root, body, ITEMS));
}

/** A refusal as GeoReport v2 words it: a list of `{ code, description }`, the HTTP status the same code. */
export class Open311Error extends Error {
  constructor(readonly status: number, readonly descriptions: string[], readonly retryAfterSeconds?: number) {
    super(descriptions.join(' '));
  }
}

export const notFound311 = (what: string) => new Open311Error(404, [what]);
export const badRequest311 = (...why: string[]) => new Open311Error(400, why);

function formatOf(req: Request, res: Response): Format {
  if (res.locals.open311Format) return res.locals.open311Format as Format;
  const last = req.path.split('/').pop() ?? '';
  return splitFormat(last)?.format ?? 'xml';
}

/** Our errors in the standard's shape: zod's fields one error each, the database's outage a 503. */
function asOpen311(error: unknown): Open311Error | null {
  if (error instanceof Open311Error) return error;
  if (error instanceof AppError) {
    // A comma list's item (`status.0`) is named by its parameter: the client sent one string.
    const fields = Object.entries(error.fields ?? {}).map(([field, why]) => `${field.replace(/\.\d+$/, '')}: ${why}`);
    // A client of the standard has no way to watch our health: a 503 tells it when to try again.
    return new Open311Error(error.status, fields.length ? fields : [error.message], error.retryAfterSeconds ?? (error.status === 503 ? 5 : undefined));
  }
  if (isPoolExhausted(error)) return new Open311Error(503, ['The service is busy; try again in a moment.'], 1);
  if (isDatabaseDown(error)) return new Open311Error(503, ['The service is unavailable; try again later.'], 5);
  const status = (error as { status?: number }).status;
  if (status && status >= 400 && status < 500) return new Open311Error(status, ['The request could not be read.']);
  return null;
}

export function open311ErrorHandler(log: Logger, onDatabaseDown: () => void): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const known = asOpen311(error);
    if (known?.status === 503 && isDatabaseDown(error)) onDatabaseDown();
    if (!known) log.error({ err: error, url: req.originalUrl }, 'open311: unexpected failure');
    const e = known ?? new Open311Error(500, ['The service failed; the city has been told.']);
    if (e.retryAfterSeconds) res.set('Retry-After', String(e.retryAfterSeconds));
    send(res, formatOf(req, res), 'errors', e.descriptions.map((description) => ({ code: e.status, description })), e.status);
  };
}
