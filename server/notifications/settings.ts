import type { NoticeChannels } from './channels';
import { emailChannel } from './email-channel';
import { DEFAULT_SMS_BODY, smsGatewayChannel } from './sms-gateway';
import { telegramChannel } from './telegram-channel';

export interface NotificationSettings {
  /** Where citizens open the status page (STATUS_PAGE_URL, else the first PUBLIC_ORIGIN, else http://HOST:PORT). */
  statusBaseUrl: string;
  from: string;
  smtpUrl: string | null;
  sms: { url: string; bodyTemplate: string; authorization: string | null } | null;
  telegram: { token: string; apiRoot: string | null; botName: string | null; poll: boolean } | null;
}

/** Reads the notices' settings (README, Configuration); main.ts calls it with the environment. */
export function readNotificationSettings(env: NodeJS.ProcessEnv, o: { smtpUrl: string | null; mailFrom: string; publicOrigins: string[] | null; host: string; port: number }): NotificationSettings {
  const fallback = o.publicOrigins?.[0] ?? `http://${o.host}:${o.port}`;
  return {
    statusBaseUrl: env.STATUS_PAGE_URL?.trim() || fallback,
    from: env.NOTIFY_FROM?.trim() || o.mailFrom,
    smtpUrl: o.smtpUrl,
    sms: env.SMS_GATEWAY_URL?.trim()
      ? { url: env.SMS_GATEWAY_URL.trim(), bodyTemplate: env.SMS_GATEWAY_BODY?.trim() || DEFAULT_SMS_BODY, authorization: env.SMS_GATEWAY_AUTHORIZATION?.trim() || null }
      : null,
    telegram: env.TELEGRAM_BOT_TOKEN?.trim()
      ? { token: env.TELEGRAM_BOT_TOKEN.trim(), apiRoot: env.TELEGRAM_API_ROOT?.trim() || null, botName: env.TELEGRAM_BOT_NAME?.trim() || null, poll: env.TELEGRAM_POLL !== 'false' }
      : null,
  };
}

/** The channels the settings configure; one left unset keeps its notices waiting in the outbox as not delivered. */
export function noticeChannels(s: NotificationSettings): NoticeChannels {
  return {
    ...(s.smtpUrl ? { email: emailChannel({ url: s.smtpUrl, from: s.from }) } : {}),
    ...(s.sms ? { sms: smsGatewayChannel(s.sms) } : {}),
    ...(s.telegram ? { telegram: telegramChannel({ token: s.telegram.token, apiRoot: s.telegram.apiRoot ?? undefined }) } : {}),
  };
}
