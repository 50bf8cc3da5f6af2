import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { AppError, badRequest } from '../http/errors';
import { recordConsent } from '../notifications/consents';
import type { Channel } from '../notifications/outbox';
import { createStatusAttempts, type StatusLimits } from './attempts';
import { recordVerdict, type Verdict } from './citizen-verdict';
import { findByNumberAndPhone, type FoundRequest, type PublicStatus } from './status.repository';

export interface Credentials {
  number: string;
  phone4: string;
}

/** The same words for a wrong number and a wrong phone: the page is no oracle for either. */
export const NOT_FOUND = () => new AppError(404, 'status_not_found', 'No request matches this number and these digits.');

/**
 * The public status page's rules: every lookup is counted and limited (attempts.ts), answered the same when the
 * number or the phone is wrong, and audited when it shows a request. The citizen's verdict and consent are
 * taken only with the same two proofs.
 */
export function createStatusService(o: { dataSource: DataSource; audit: AuditService; limits: StatusLimits; now?: () => Date; onChanged?: (requestId: number) => void }) {
  const attempts = createStatusAttempts(o.limits);
  const now = o.now ?? (() => new Date());

  async function find(c: Credentials, ip: string): Promise<FoundRequest> {
    const wait = await attempts.refused(o.dataSource, ip, c.number);
    if (wait !== null) throw new AppError(429, 'too_many_attempts', 'Too many attempts; try again later.', undefined, wait);
    await attempts.lookedUp(o.dataSource, ip);
    const found = await findByNumberAndPhone(o.dataSource, c.number, c.phone4);
    if (!found) {
      await attempts.wrong(o.dataSource, c.number);
      throw NOT_FOUND();
    }
    await o.audit.record({ userId: null, action: 'read', entity: 'request', entityId: found.id, detail: { via: 'status_page' }, ip });
    return found;
  }

  return {
    limits: o.limits,
    async lookup(c: Credentials, ip: string): Promise<PublicStatus> {
      return (await find(c, ip)).view;
    },

    async verdict(c: Credentials & Verdict, ip: string): Promise<PublicStatus> {
      const found = await find(c, ip);
      await o.dataSource.transaction((m) => recordVerdict(m, found.id, c, now()));
      await o.audit.record({ userId: null, action: 'update', entity: 'request', entityId: found.id, detail: { via: 'status_page', action: c.verdict }, ip });
      o.onChanged?.(found.id);
      return (await findByNumberAndPhone(o.dataSource, c.number, c.phone4))!.view;
    },

    async consent(c: Credentials & { channel: Channel; consented: boolean; email?: string }, ip: string): Promise<void> {
      const found = await find(c, ip);
      if (c.channel === 'email' && c.consented && !c.email) throw badRequest('An e-mail address is needed.', { email: 'required' });
      // SMS go to the phone that proved the citizen: no other number can be subscribed from here.
      const address = c.channel === 'email' ? (c.email ?? null) : c.channel === 'sms' ? found.phone : null;
      await o.dataSource.transaction((m) => recordConsent(m, found.citizenId, { channel: c.channel, consented: c.consented, address, via: 'status_page', by: null }));
      await o.audit.record({ userId: null, action: 'update', entity: 'citizen', entityId: found.citizenId, detail: { via: 'status_page', consent: c.channel, consented: c.consented }, ip });
    },

    /** The citizen sent the bot their number and digits: that chat gets their notices (guessing is limited per chat). */
    async linkTelegram(c: Credentials, chatId: string): Promise<string> {
      const found = await find(c, `telegram:${chatId}`);
      await o.dataSource.transaction((m) => recordConsent(m, found.citizenId, { channel: 'telegram', consented: true, address: chatId, via: 'telegram', by: null }));
      await o.audit.record({ userId: null, action: 'update', entity: 'citizen', entityId: found.citizenId, detail: { via: 'telegram', consent: 'telegram', consented: true } });
      return found.view.number;
    },

    /** "Stop" in the chat: every citizen linked to it is unsubscribed from Telegram. */
    async unlinkTelegram(chatId: string): Promise<number> {
      const rows = await o.dataSource.query(
        `UPDATE notification_consents SET consented = false, via = 'telegram', recorded_by = NULL, recorded_at = now()
          WHERE channel = 'telegram' AND address = $1 AND consented RETURNING citizen_id`,
        [chatId],
      );
      return (rows[0] as unknown[]).length;
    },
  };
}
export type StatusService = ReturnType<typeof createStatusService>;
