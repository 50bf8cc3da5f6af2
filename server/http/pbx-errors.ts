import { AmiActionError, AmiFieldError, AmiLinkError } from '../../telephony';
import { AppError, badRequest, unavailable } from './errors';

/**
 * What the telephony layer's errors mean to a client: a value the PBX cannot take (a line break, NUL) is the
 * caller's bad input, a refusal of Asterisk's is a conflict, a link that is down is a 503. Null for anything
 * else, which stays a server error.
 */
export function fromPbxError(error: unknown): AppError | null {
  if (error instanceof AmiFieldError) {
    return badRequest('A value holds a line break or NUL, which the phone system cannot take; nothing was sent.', { [error.field]: 'contains a line break or NUL' });
  }
  if (error instanceof AmiActionError) return new AppError(409, 'pbx_refused', `The phone system refused: ${error.message}`);
  if (error instanceof AmiLinkError) return unavailable('telephony_unavailable', 'The phone system is not reachable right now.');
  return null;
}
