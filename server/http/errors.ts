import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { reasonsOfFields, type Reason } from './reasons';

/** A failure with a stable code that the client can act on; the message is for people. */
export class AppError extends Error {
  /** Each field's refusal as a code the console words in its language (http/reasons.ts). */
  reasons?: Record<string, Reason>;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    /** Sent as `Retry-After` (seconds): the refusal is about load, not about the request. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    if (fields) this.reasons = reasonsOfFields(fields);
  }
}

export const badRequest = (message: string, fields?: Record<string, string>) => new AppError(400, 'invalid_input', message, fields);
export const unauthorized = () => new AppError(401, 'unauthorized', 'Log in first.');
export const forbidden = () => new AppError(403, 'forbidden', 'Your role may not do this.');
export const notFound = (what = 'Resource') => new AppError(404, 'not_found', `${what} not found.`);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
export const unavailable = (code: string, message: string) => new AppError(503, code, message);

/**
 * Every connection of our pool is busy and none came free in time: PostgreSQL is up, we are just saturated
 * (pg-pool's own message; a connection that PostgreSQL does not answer says "Connection terminated").
 */
export function isPoolExhausted(error: unknown): boolean {
  const e = error as { message?: string; driverError?: unknown } | undefined;
  if (!e) return false;
  if (e.driverError && e.driverError !== e) return isPoolExhausted(e.driverError);
  return /^timeout exceeded when trying to connect/i.test(e.message ?? '');
}

/** Errors that mean PostgreSQL itself cannot be reached, as opposed to a bad query or a busy pool. */
export function isDatabaseDown(error: unknown): boolean {
  const e = error as { code?: string; message?: string; driverError?: unknown } | undefined;
  if (!e) return false;
  if (e.driverError && e.driverError !== e) return isDatabaseDown(e.driverError);
  const code = e.code ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03'].includes(code) ||
    code.startsWith('08') ||
    /Connection terminated|Client has encountered a connection error/i.test(e.message ?? '')
  );
}

export interface ErrorHandlerDeps {
  log: Logger;
  onDatabaseDown?: () => void;
  /** What a dependency's own errors mean to a client (the PBX's: http/pbx-errors.ts); null when not its. */
  fromDependency?: (error: unknown) => AppError | null;
}

/** The one place errors become HTTP answers: `{ error: { code, message, fields? } }`, never a stack trace. */
export function errorHandler({ log, onDatabaseDown, fromDependency }: ErrorHandlerDeps): ErrorRequestHandler {
  return (error, req, res, _next) => {
    // A download that failed after its first bytes: the status is gone, so the client sees it cut short.
    if (res.headersSent) {
      log.warn({ err: error, method: req.method, url: req.originalUrl }, 'response failed after it started; cut short');
      res.destroy();
      return;
    }
    const body = (status: number, code: string, message: string, fields?: Record<string, string>, reasons?: Record<string, Reason>) =>
      res.status(status).json({ error: { code, message, ...(fields ? { fields } : {}), ...(fields && reasons ? { reasons } : {}) } });
    const known = error instanceof AppError ? error : fromDependency?.(error);
    if (known?.retryAfterSeconds) res.set('Retry-After', String(known.retryAfterSeconds));
    if (known) return body(known.status, known.code, known.message, known.fields, known.reasons);
    // body-parser's own errors carry a status and a type.
    const status = (error as { status?: number }).status;
    const type = (error as { type?: string }).type;
    if (type === 'entity.parse.failed') return body(400, 'malformed_json', 'The request body is not valid JSON.');
    if (type === 'entity.too.large') return body(413, 'payload_too_large', 'The request body is too large.');
    if (status && status >= 400 && status < 500) return body(status, 'bad_request', 'The request could not be read.');
    // Only this request waited too long: the next one may well get a connection, so nobody else gets a 503.
    if (isPoolExhausted(error)) {
      res.set('Retry-After', '1');
      return body(503, 'database_busy', 'The server is busy; try again in a moment.');
    }
    if (isDatabaseDown(error)) {
      onDatabaseDown?.();
      return body(503, 'database_unavailable', 'The database is not reachable; try again in a moment.');
    }
    log.error({ err: error, method: req.method, url: req.originalUrl }, 'unhandled error');
    return body(500, 'internal_error', 'Something went wrong on our side; it has been logged.');
  };
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(notFound('Route'));
