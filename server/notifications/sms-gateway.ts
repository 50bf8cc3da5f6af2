import type { NoticeChannel } from './channels';

export const DEFAULT_SMS_BODY = '{"phone":"{phone}","text":"{text}"}';

/**
 * The gateway's JSON body: the template (SMS_GATEWAY_BODY) with `{phone}` and `{text}` put into its string
 * values. It is parsed first and filled value by value, so a quote or a brace in the text cannot change its shape.
 */
export function smsBody(template: string, phone: string, text: string): unknown {
  const fill = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replaceAll('{phone}', phone).replaceAll('{text}', text).replaceAll('{phoneDigits}', phone.replace(/\D/g, ''));
    if (Array.isArray(v)) return v.map(fill);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  return fill(JSON.parse(template));
}

/** Checks the template at start: a broken one refuses to start rather than fail every SMS later. */
export function checkSmsTemplate(template: string): void {
  try {
    JSON.parse(template);
  } catch {
    throw new Error('SMS_GATEWAY_BODY is not JSON');
  }
}

/** SMS through one HTTP POST (Ukrainian gateways all take one): anything but a 2xx is a failure to retry. */
export function smsGatewayChannel(o: { url: string; bodyTemplate: string; authorization?: string | null; timeoutMs?: number }): NoticeChannel {
  checkSmsTemplate(o.bodyTemplate);
  return {
    async send(phone, message) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (o.authorization) headers.authorization = o.authorization;
      const res = await fetch(o.url, {
        method: 'POST', headers, body: JSON.stringify(smsBody(o.bodyTemplate, phone, message.text)),
        signal: AbortSignal.timeout(o.timeoutMs ?? 15_000),
      });
      // The gateway's words are kept for the console, cut short: they may be long HTML error pages.
      if (!res.ok) throw new Error(`SMS gateway answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    },
  };
}
