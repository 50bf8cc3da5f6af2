import type { DialStatus, TelephonyEvent } from '../events';

/**
 * A member leg's dial was cancelled (DialEnd CANCEL). Whether that means "answered elsewhere" or "the
 * caller left" is only known from what follows, so the state classifies it; it never leaves telephony/.
 */
export interface DialCancelled {
  name: 'dial:cancelled';
  callId: string;
  interface: string;
  agentChannelId: string;
  at: string;
}

/** A Dial() progressed (DialBegin / DialState / DialEnd). Only calls outside the queues publish it, as `call:dialled`. */
export interface DialProgress {
  name: 'dial:progress';
  callId: string;
  destChannelId: string;
  number: string;
  status: DialStatus;
  at: string;
}

/** What the translator produces: domain events plus the internal facts the state needs. */
export type TranslatedEvent = TelephonyEvent | DialCancelled | DialProgress;
