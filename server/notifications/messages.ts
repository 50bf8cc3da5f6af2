import type { NoticeEvent } from './outbox';

/** What the citizen reads: short, Ukrainian, and nothing personal beyond the number and the status. */
export interface NoticeFacts {
  number: string;
  event: NoticeEvent;
  status: string;
  executorName: string | null;
  dueAt: Date | null;
  /** The status page, with the number filled in. */
  link: string;
}

const CLOSED_WORDS: Record<string, string> = {
  closed: 'закрито',
  forwarded: 'передано за належністю',
  cancelled: 'скасовано',
};

const date = (d: Date) => new Intl.DateTimeFormat('uk-UA', { timeZone: 'Europe/Kyiv', day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);

export function noticeText(f: NoticeFacts): { subject: string; text: string } {
  const by = f.dueAt ? ` Термін: до ${date(f.dueAt)}.` : '';
  switch (f.event) {
    case 'registered':
      return { subject: `Звернення ${f.number} зареєстровано`, text: `Ваше звернення ${f.number} зареєстровано.${by} Стан: ${f.link}` };
    case 'assigned':
      return { subject: `Звернення ${f.number}: виконавець`, text: `Звернення ${f.number} передано виконавцю: ${f.executorName ?? '—'}.${by} Стан: ${f.link}` };
    case 'done':
      return { subject: `Звернення ${f.number} виконано`, text: `Виконавець повідомив, що звернення ${f.number} виконано. Підтвердіть або натисніть «Не виправлено»: ${f.link}` };
    case 'closed':
      return { subject: `Звернення ${f.number} ${CLOSED_WORDS[f.status] ?? 'закрито'}`, text: `Звернення ${f.number} ${CLOSED_WORDS[f.status] ?? 'закрито'}. Дякуємо! ${f.link}` };
  }
}

/** The status page's address for one request: the number is filled in, the phone's digits never are. */
export function statusLink(baseUrl: string, number: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/status?number=${encodeURIComponent(number)}`;
}
