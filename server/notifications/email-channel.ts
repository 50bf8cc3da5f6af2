import nodemailer from 'nodemailer';
import type { NoticeChannel } from './channels';

/** E-mail through SMTP_URL. A dead server fails the attempt within seconds, so the job is retried instead of hanging. */
export function emailChannel(o: { url: string; from: string }): NoticeChannel {
  const transport = nodemailer.createTransport({ url: o.url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return {
    async send(address, message) {
      await transport.sendMail({ from: o.from, to: address, subject: message.subject, text: message.text });
    },
  };
}
