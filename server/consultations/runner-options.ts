import { defaultConsultDial, type ConsultDialSettings } from './dial-strings';

/** How the server dials a consultation; production defaults, tests shrink the times. */
export interface RunnerOptions {
  /** Extra attempts after a leg fails (busy, no answer) before it is marked failed. */
  retries: number;
  retryDelayMs: number;
  /** How long a dialled phone may ring. */
  ringTimeoutMs: number;
  /** The dialplan context of the rooms (telephony/asterisk/extensions.conf `[consult]`). */
  context: string;
  /** What Asterisk dials for citizens and the official (`CONSULT_CITIZEN_CHANNEL`, `CONSULT_OFFICIAL_CHANNEL`). */
  dial: ConsultDialSettings;
  /** Caller ID the citizens see. */
  callerId: string;
}

export const defaultRunnerOptions: RunnerOptions = {
  retries: 2,
  retryDelayMs: 60_000,
  ringTimeoutMs: 45_000,
  context: 'consult',
  dial: defaultConsultDial,
  callerId: '"Hromada" <1580>',
};

/** The global variable that holds a room's PIN for citizens dialling in (extensions.conf `[consult-dialin]`). */
export const pinVariable = (room: string) => `CONSULT_PIN_${room}`;
