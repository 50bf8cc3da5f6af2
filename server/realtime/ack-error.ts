import type { Logger } from 'pino';
import { AppError, isDatabaseDown, isPoolExhausted } from '../http/errors';
import { fromPbxError } from '../http/pbx-errors';
import type { Reason } from '../http/reasons';
import type { AckError } from './contract';

const refusal = (code: string, message: string, fields?: Record<string, string>, reasons?: Record<string, Reason>): AckError =>
  ({ ok: false, error: { code, message, ...(fields ? { fields } : {}), ...(fields && reasons ? { reasons } : {}) } });

/**
 * Whatever a socket handler threw, as the acknowledgement the client gets: the same codes and messages as the
 * HTTP error handler, never a stack trace. Only the unexpected is logged as an error; a client that sends
 * rubbish in a loop must not flood the log.
 */
export function ackError(error: unknown, log: Logger, context: { event: string; userId: number }): AckError {
  const known = error instanceof AppError ? error : fromPbxError(error);
  if (known) {
    log[known.status >= 500 ? 'warn' : 'debug']({ ...context, code: known.code }, 'socket message refused');
    return refusal(known.code, known.message, known.fields, known.reasons);
  }
  if (isPoolExhausted(error)) return refusal('database_busy', 'The server is busy; try again in a moment.');
  if (isDatabaseDown(error)) {
    log.warn({ ...context, err: error }, 'socket message: database unavailable');
    return refusal('database_unavailable', 'The database is not reachable; try again in a moment.');
  }
  log.error({ ...context, err: error }, 'socket handler failed');
  return refusal('internal_error', 'Something went wrong on our side; it has been logged.');
}
