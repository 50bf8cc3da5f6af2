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
  /** Uniqueid of the channel that dials (the caller after a blind transfer, the agent's leg in an attended one). */
  channelId: string;
  destChannelId: string;
  number: string;
  status: DialStatus;
  at: string;
}

/**
 * Someone asked a channel to hang up (HangupRequest / SoftHangupRequest). `soft: false` is the channel's own
 * side (a phone's BYE, a Local "phone" whose dialplan hung up); `soft: true` is Asterisk itself (our AMI Hangup,
 * a bridge or Dial() ending the other leg, a shutdown). The first hard request of a call says who hung up.
 */
export interface HangupRequested {
  name: 'channel:hangup-request';
  callId: string;
  channelId: string;
  soft: boolean;
  /** A soft request with Cause 4 (AST_SOFTHANGUP_SHUTDOWN): `core stop`/`restart` hanging up every channel. */
  shutdown: boolean;
  at: string;
}

/**
 * BlindTransfer / AttendedTransfer with Result Success: the agent handed the caller over. `callId` is the
 * transferer's Linkedid; the state turns it into `call:transferred` for the agent who talked until now.
 */
export interface TransferDone {
  name: 'transfer:done';
  callId: string;
  kind: 'blind' | 'attended';
  at: string;
}

/** FullyBooted at every login: when the PBX process started (`now - Uptime`). */
export interface PbxBooted {
  name: 'pbx:booted';
  startedAt: string;
  at: string;
}

/** What the translator produces: domain events plus the internal facts the state needs. */
export type TranslatedEvent = TelephonyEvent | DialCancelled | DialProgress | HangupRequested | PbxBooted | TransferDone;
