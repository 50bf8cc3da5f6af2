export const CHANNELS = ['email', 'sms', 'telegram'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * The moments a citizen is told of: registration, a (new) executor, the work done, the request closed (or
 * forwarded, or cancelled). The outbox rows are written by the trigger on `request_events` (migration
 * CitizenNotifications), one per channel the applicant consented to, inside the transaction of the change itself:
 * a change that rolls back tells nobody, one that commits is never forgotten. The text is written when it is sent.
 */
export const NOTICE_EVENTS = ['registered', 'assigned', 'done', 'closed'] as const;
export type NoticeEvent = (typeof NOTICE_EVENTS)[number];
