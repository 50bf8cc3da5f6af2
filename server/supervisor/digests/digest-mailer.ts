import nodemailer from 'nodemailer';
import type { Mail } from './digest-content';

export interface DigestMailer {
  send(to: string[], mail: Mail): Promise<void>;
}

/** SMTP from the configuration (SMTP_URL); null when none is set, and then no digest can go out. */
export function createDigestMailer(o: { url: string | null; from: string }): DigestMailer | null {
  if (!o.url) return null;
  // A dead server must fail the attempt soon, so that the job is retried instead of hanging.
  const transport = nodemailer.createTransport({ url: o.url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return {
    async send(to, mail) {
      await transport.sendMail({
        from: o.from, to, subject: mail.subject, text: mail.text,
        attachments: [{ filename: mail.attachment.filename, content: mail.attachment.content, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }],
      });
    },
  };
}
