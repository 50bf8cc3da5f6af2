import type { ApplicantNotice, NoticeChannel } from '../../api/types';

/** What the form holds: a channel ('' = not told yet) and a local date-time as `<input type="datetime-local">` gives it. */
export interface NoticeDraft {
  channel: NoticeChannel | '';
  at: string;
}

/** Now, as a datetime-local value in the browser's own time zone. */
export function localNow(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

export function emptyNotice(now = new Date()): NoticeDraft {
  return { channel: '', at: localNow(now) };
}

/**
 * The notice to send: none when nobody told the applicant yet, `invalid` when a channel is chosen without a
 * usable time (the form then cannot be sent, so a notice is never recorded without its "when").
 */
export function noticeOf(draft: NoticeDraft): { notice?: ApplicantNotice } | 'invalid' {
  if (!draft.channel) return {};
  const at = new Date(draft.at);
  if (!draft.at || Number.isNaN(at.getTime())) return 'invalid';
  return { notice: { channel: draft.channel, at: at.toISOString() } };
}
