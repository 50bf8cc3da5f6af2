import type { TimelineEvent } from '../../api/types';
import { formatDateTime } from '../../utils/format';

/** One timeline line as the reader sees it, in their language. */
export interface TimelineLine {
  title: string;
  /** The status it led to, only when the status changed and the title does not already say it. */
  status: string | null;
  /** The line's parameters in words: the executor, the new term, how the applicant was told. */
  detail: string | null;
  /** What a person typed (a reason, an answer, a comment). */
  comment: string | null;
}

export interface Words {
  t: (key: string, params?: Record<string, unknown>) => string;
  te: (key: string) => boolean;
  locale: string;
}

type Details = Record<string, unknown>;

const text = (d: Details, key: string): string | null => (typeof d[key] === 'string' && d[key] !== '' ? (d[key] as string) : null);
const number = (d: Details, key: string): number | null => (typeof d[key] === 'number' ? (d[key] as number) : null);

/** Lines the system words itself: any stored text on them is an old English sentence, never a person's words. */
const SYSTEM_WORDED = new Set(['applicant_notified', 'applicant_notice_unrecorded', 'no_applicant_to_inform']);

/** Each kind's parameters in words; a kind without an entry has none worth showing. */
const DETAILS: Record<string, (d: Details, w: Words) => string | null> = {
  escalated: (d, w) => (text(d, 'reason') === 'place' ? w.t('escalations.place')
    : number(d, 'calls') != null ? w.t('escalations.timelineCalls', { n: number(d, 'calls') }) : null),
  // Posted by a partner's app through Open311: no user registered it, the key's name says who.
  registered: (d, w) => (d.via === 'open311' ? w.t('request.timelineDetails.viaOpen311', { key: text(d, 'apiKey') ?? '' }) : null),
  assign: (d, w) => {
    const executor = text(d, 'executorName');
    if (!executor) return null;
    const name = w.t('request.timelineDetails.assign', { executor });
    return d.by === 'routing' ? `${name} (${w.t('request.timelineDetails.byRouting')})` : name;
  },
  complete: (d, w) => (text(d, 'result') ? w.t('request.timelineDetails.result', { result: label(w, 'results', text(d, 'result')!) }) : null),
  confirm: (d, w) => (number(d, 'satisfaction') != null ? w.t('request.timelineDetails.satisfaction', { value: number(d, 'satisfaction') }) : null),
  return: (d, w) => (number(d, 'reworkCount') != null && text(d, 'dueAt')
    ? w.t('request.timelineDetails.rework', { count: number(d, 'reworkCount'), dueAt: when(w, d, 'dueAt') }) : null),
  extend: extended,
  extension_approved: extended,
  extension_requested: (d, w) => (number(d, 'days') != null && text(d, 'wouldBeDueAt')
    ? w.t('request.timelineDetails.asked', { days: number(d, 'days'), dueAt: when(w, d, 'wouldBeDueAt') }) : null),
  extension_rejected: (d, w) => (number(d, 'days') != null ? w.t('request.timelineDetails.askedDays', { days: number(d, 'days') }) : null),
  applicant_notified: (d, w) => {
    const channel = text(d, 'channel');
    // Lines from before notices were recorded name no channel: nobody said the applicant was told.
    if (!channel) return unrecorded(d, w);
    return w.t('request.timelineDetails.notified', { channel: label(w, 'request.noticeChannelsDone', channel), at: when(w, d, 'notifiedAt'), dueAt: when(w, d, 'dueAt') });
  },
  applicant_notice_unrecorded: unrecorded,
};

function extended(d: Details, w: Words): string | null {
  return number(d, 'days') != null && text(d, 'dueAt') ? w.t('request.timelineDetails.extended', { days: number(d, 'days'), dueAt: when(w, d, 'dueAt') }) : null;
}

function unrecorded(d: Details, w: Words): string | null {
  return text(d, 'dueAt') ? w.t('request.timelineDetails.unrecorded', { dueAt: when(w, d, 'dueAt') }) : null;
}

function when(w: Words, d: Details, key: string): string {
  return formatDateTime(text(d, key), w.locale);
}

function label(w: Words, group: string, key: string): string {
  return w.te(`${group}.${key}`) ? w.t(`${group}.${key}`) : key;
}

function title(event: TimelineEvent, w: Words): string {
  // An old notice line without a channel says only what it was: a notice nobody recorded.
  const kind = event.action === 'applicant_notified' && !text(event.details ?? {}, 'channel') ? 'applicant_notice_unrecorded' : event.action;
  return label(w, 'request.timelineActions', kind);
}

/** Registration says "registered" once; an arrow is shown only where the status actually changed. */
function statusAfter(event: TimelineEvent, w: Words): string | null {
  if (!event.toStatus || event.action === 'registered' || event.action === 'created') return null;
  if (event.fromStatus === event.toStatus) return null;
  return label(w, 'statuses', event.toStatus);
}

/** A stored timeline event (a kind and its parameters) in the reader's words, with dates formatted for them. */
export function describeEvent(event: TimelineEvent, w: Words): TimelineLine {
  const details = event.details ?? {};
  return {
    title: title(event, w),
    status: statusAfter(event, w),
    detail: DETAILS[event.action]?.(details, w) ?? null,
    comment: SYSTEM_WORDED.has(event.action) ? null : (event.comment ?? null),
  };
}
