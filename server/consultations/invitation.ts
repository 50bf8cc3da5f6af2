import ical, { ICalCalendarMethod } from 'ical-generator';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { ConsultationRow } from './consultations.repository';

/** An iCalendar invitation for the official: the time, the topic, and how the room is reached. */
export function invitationIcs(c: ConsultationRow, o: { hostname: string }): string {
  const calendar = ical({ name: 'Hromada Contact', prodId: { company: 'Hromada Contact', product: 'consultations' }, method: ICalCalendarMethod.REQUEST });
  calendar.createEvent({
    id: `consultation-${c.id}@${o.hostname}`,
    start: c.startsAt,
    end: new Date(c.startsAt.getTime() + c.durationMinutes * 60_000),
    summary: `Онлайн-консультація: ${c.topic}`,
    description: `Кімната ${c.room}, PIN ${c.pin}. Сервер подзвонить вам на початку консультації.`,
    location: `ConfBridge ${c.room}`,
    sequence: Math.floor(Date.now() / 1000),
  });
  return calendar.toString();
}

export interface Mailer {
  send(message: { to: string; subject: string; text: string; ics: string }): Promise<void>;
}

/** SMTP when configured (SMTP_URL); without it invitations are only downloadable. */
export function createMailer(o: { url: string | null; from: string; log: Logger }): Mailer | null {
  if (!o.url) return null;
  const transport = nodemailer.createTransport(o.url);
  return {
    async send(m) {
      await transport.sendMail({
        from: o.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        icalEvent: { method: 'REQUEST', filename: 'consultation.ics', content: m.ics },
      });
      o.log.info({ to: m.to, subject: m.subject }, 'consultation invitation sent');
    },
  };
}
