import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import { useCyrillicFonts } from '../common/pdf-fonts';
import type { SubjectExport } from './subject-export.repository';

const when = (v: unknown) => (v == null ? '—' : new Date(v as string).toLocaleString('uk-UA', { timeZone: 'Europe/Kyiv' }));
const show = (v: unknown) => (v == null || v === '' ? '—' : Array.isArray(v) ? v.join(', ') || '—' : String(v));

/** The subject access report in Ukrainian, A4: the card, then each kind of record in time order. */
export async function writeSubjectPdf(data: SubjectExport, out: Writable): Promise<void> {
  const doc = useCyrillicFonts(new PDFDocument({ size: 'A4', margin: 48, info: { Title: `Дані громадянина № ${data.citizen.id}` } }));
  doc.pipe(out);
  doc.font('bold').fontSize(14).text(`Персональні дані громадянина № ${data.citizen.id}`);
  doc.font('body').fontSize(9).text(`Сформовано ${when(data.exportedAt)}`).moveDown();
  const c = data.citizen;
  lines(doc, [['ПІБ', c.fullName], ['Телефони', c.phones], ['Адреса', c.address], ['Район', c.district], ['Категорія', c.category],
    ['Соціальний статус', c.socialStatus], ['Пільговик', c.privileged ? 'так' : 'ні'], ['Конфіденційно', c.confidential ? 'так' : 'ні']]);
  section(doc, 'Звернення', data.requests, (r) => [`${r.number} від ${when(r.receivedAt)} — ${show(r.topicName)} (${show(r.status)})`,
    `Адреса: ${show(r.address)}; виконавець: ${show(r.executor)}; результат: ${show(r.result)}`, `Зміст: ${show(r.description)}`,
    ...(r.answer ? [`Відповідь: ${show(r.answer)}`] : []),
    ...(r.timeline as { at: string; action: string; comment: string | null; by: string | null }[])
      .map((e) => `  ${when(e.at)} ${e.action}${e.by ? ` (${e.by})` : ''}${e.comment ? `: ${e.comment}` : ''}`)]);
  section(doc, 'Дзвінки', data.calls, (k) => [`${when(k.queuedAt ?? k.endedAt)} ${show(k.direction)} ${show(k.callerNumber)} — ${show(k.outcome)}, оператор ${show(k.agent)}`]);
  section(doc, 'Онлайн-консультації', data.consultations, (k) => [`${when(k.startsAt)} «${show(k.topic)}» (${show(k.status)}): ${show(k.question)}`]);
  section(doc, 'Повідомлення заявнику', data.notifications, (n) => [`${when(n.at)} ${show(n.request)}: ${show(n.notice)}, ${show(n.channel)}`]);
  section(doc, 'Згода на сповіщення', data.noticeConsents, (k) => [`${show(k.channel)}: ${k.consented ? 'згоден' : 'відкликано'} (${show(k.address)}), ${when(k.recordedAt)}, ${show(k.via)}`]);
  const RECORDING_STATE: Record<string, string> = { recording: 'триває', available: 'зберігається', failed: 'не записано', deleted: 'видалено' };
  section(doc, 'Записи розмов', data.recordings, (r) => [`${when(r.startedAt)} дзвінок ${show(r.callId)}: ${RECORDING_STATE[String(r.state)] ?? show(r.state)}`
    + `${r.durationSeconds ? `, ${Math.round(Number(r.durationSeconds))} с` : ''}${r.eraseRequestedAt && r.state !== 'deleted' ? ', буде видалено за запитом' : ''}`]);
  section(doc, 'Хто переглядав і змінював дані', data.audit, (a) => [`${when(a.at)} ${show(a.username)} ${show(a.action)} ${show(a.entity)} ${show(a.entityId)}`]);
  doc.end();
  await finished(out);
}

function lines(doc: PDFKit.PDFDocument, pairs: [string, unknown][]): void {
  for (const [label, value] of pairs) doc.font('bold').fontSize(10).text(`${label}: `, { continued: true }).font('body').text(show(value));
}

function section<T extends Record<string, unknown>>(doc: PDFKit.PDFDocument, title: string, rows: T[], describe: (row: T) => string[]): void {
  doc.moveDown().font('bold').fontSize(12).text(`${title} (${rows.length})`);
  doc.font('body').fontSize(9);
  if (rows.length === 0) doc.text('немає');
  for (const row of rows) {
    for (const line of describe(row)) doc.text(line);
    doc.moveDown(0.3);
  }
}
