/**
 * The console's softphone as a pure state machine: what the SIP stack reports (and what the agent asks) in,
 * the phone's state out. No JsSIP here, so the rules are tested without a PBX (phone-machine.test.ts), and the
 * adapter (sip-phone.ts) only translates JsSIP's events into these inputs.
 */

/** Registration: `off` without a softphone, `elsewhere` when another tab of this browser holds the phone. */
export type Registration = 'off' | 'connecting' | 'registered' | 'unregistered' | 'failed' | 'elsewhere';

/** Why the phone cannot ring, in words the console shows (never a loop of silent retries). */
export type PhoneFault = 'auth' | 'unreachable' | 'microphone' | 'media' | null;

export type Line = 'idle' | 'ringing' | 'answering' | 'in_call' | 'ended';

export interface PhoneState {
  registration: Registration;
  fault: PhoneFault;
  line: Line;
  held: boolean;
  muted: boolean;
  /** The caller as the INVITE names them (the card has the rest). */
  remote: string | null;
  /** How the last call ended: who hung up, and why when it was not a plain hang-up. */
  ended: { by: 'local' | 'remote' | 'system'; cause: string | null } | null;
}

export type PhoneInput =
  | { type: 'connecting' }
  | { type: 'registered' }
  | { type: 'unregistered' }
  /** REGISTER refused: 401/403 after the digest is wrong credentials; the stack must stop retrying. */
  | { type: 'registration_failed'; status: number | null; cause: string }
  /** The WebSocket closed or never opened: JsSIP reconnects by itself with a backoff. */
  | { type: 'disconnected' }
  | { type: 'elsewhere' }
  | { type: 'incoming'; remote: string }
  | { type: 'answer' }
  | { type: 'confirmed' }
  | { type: 'hold'; on: boolean }
  | { type: 'mute'; on: boolean }
  | { type: 'ended'; by: 'local' | 'remote' | 'system'; cause: string | null }
  /** getUserMedia refused: the call cannot be answered from here. */
  | { type: 'microphone_denied' }
  | { type: 'stopped' };

export const initialPhone: PhoneState = { registration: 'off', fault: null, line: 'idle', held: false, muted: false, remote: null, ended: null };

const AUTH_STATUSES = new Set([401, 403, 407]);

/** JsSIP's causes that mean the credentials, not the network: retrying them only locks the account at the PBX. */
export function isAuthFailure(status: number | null, cause: string): boolean {
  return (status !== null && AUTH_STATUSES.has(status)) || /authentication|rejected|forbidden/i.test(cause);
}

const lineClear = { line: 'idle' as Line, held: false, muted: false, remote: null };

export function nextPhone(s: PhoneState, input: PhoneInput): PhoneState {
  switch (input.type) {
    case 'connecting':
      return { ...s, registration: s.fault === 'auth' ? s.registration : 'connecting' };
    case 'registered':
      return { ...s, registration: 'registered', fault: s.fault === 'microphone' ? s.fault : null };
    case 'unregistered':
      return { ...s, registration: 'unregistered' };
    case 'registration_failed':
      return isAuthFailure(input.status, input.cause)
        ? { ...s, registration: 'failed', fault: 'auth' }
        : { ...s, registration: 'failed', fault: 'unreachable' };
    case 'disconnected':
      // A call in progress keeps its media (RTP does not go through the WebSocket); only new calls are lost.
      return s.fault === 'auth' ? s : { ...s, registration: 'connecting', fault: 'unreachable' };
    case 'elsewhere':
      return { ...initialPhone, registration: 'elsewhere' };
    case 'incoming':
      // A second INVITE while busy is refused by the adapter (486); the line stays with the first call.
      if (s.line === 'ringing' || s.line === 'answering' || s.line === 'in_call') return s;
      return { ...s, ...lineClear, line: 'ringing', remote: input.remote, ended: null };
    case 'answer':
      return s.line === 'ringing' ? { ...s, line: 'answering' } : s;
    case 'confirmed':
      return s.line === 'answering' || s.line === 'ringing' ? { ...s, line: 'in_call', fault: s.fault === 'microphone' ? null : s.fault } : s;
    case 'hold':
      return s.line === 'in_call' ? { ...s, held: input.on } : s;
    case 'mute':
      return s.line === 'in_call' ? { ...s, muted: input.on } : s;
    case 'ended':
      if (s.line === 'idle' || s.line === 'ended') return s;
      return { ...s, ...lineClear, line: 'ended', remote: s.remote, ended: { by: input.by, cause: input.cause } };
    case 'microphone_denied':
      // Still ringing: the queue offers the caller to a colleague when this phone does not answer.
      return { ...s, fault: 'microphone', line: s.line === 'answering' ? 'ringing' : s.line };
    case 'stopped':
      return { ...initialPhone };
    default:
      return input satisfies never;
  }
}

/** What the server is told (`phone:state`): can this console's phone ring? null = not settled yet, say nothing. */
export function canRing(s: PhoneState): boolean | null {
  switch (s.registration) {
    case 'registered': return true;
    case 'unregistered': case 'failed': return false;
    // Reconnecting after it had worked, or never reached: either way it cannot ring now.
    case 'connecting': return s.fault === 'unreachable' ? false : null;
    default: return null;
  }
}

/** A line the agent is on (ringing counts: the card's answer button is for it). */
export const busyLine = (s: PhoneState) => s.line === 'ringing' || s.line === 'answering' || s.line === 'in_call';
