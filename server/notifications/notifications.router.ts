import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuditService } from '../audit/audit.service';
import { allow } from '../auth/auth.middleware';
import { badRequest, notFound } from '../http/errors';
import { idParams } from '../http/schemas';
import { parse } from '../http/validate';
import { normalisePhone } from '../phones';
import { consentsOf, recordConsent } from './consents';

const staff = allow('agent', 'supervisor', 'admin');

const consentBody = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('email'), consented: z.boolean(), address: z.email('an e-mail address').max(254).optional() }).strict(),
  z.object({ channel: z.literal('sms'), consented: z.boolean(), address: z.string().trim().min(1).max(40).optional() }).strict(),
  // A Telegram chat is linked by the citizen from the bot; staff may only record its withdrawal.
  z.object({ channel: z.literal('telegram'), consented: z.literal(false) }).strict(),
]);

/** What was sent about a request, and each citizen's consents: the console's side of the notices. */
export function createNotificationsRouters(dataSource: DataSource, audit: AuditService): { citizens: Router; requests: Router } {
  const citizens = Router();
  const requests = Router();

  async function citizenPhones(id: number): Promise<string[] | null> {
    const [row] = await dataSource.query(
      'SELECT array_remove(array_agg(p.phone ORDER BY p.phone), NULL) AS phones FROM citizens c LEFT JOIN citizen_phones p ON p.citizen_id = c.id WHERE c.id = $1 GROUP BY c.id',
      [id],
    );
    return row ? row.phones : null;
  }

  citizens.get('/:id/consents', staff, async (req, res) => {
    const { id } = parse(idParams, req.params);
    if ((await citizenPhones(id)) === null) throw notFound('Citizen');
    const items = await consentsOf(dataSource, id);
    // The addresses are personal data: reading them is recorded like reading the card.
    await audit.record({ userId: req.user!.id, action: 'read', entity: 'citizen', entityId: id, detail: { what: 'consents' }, ip: req.ip });
    res.json({ items });
  });

  citizens.put('/:id/consents', staff, async (req, res) => {
    const { id } = parse(idParams, req.params);
    const body = parse(consentBody, req.body);
    const phones = await citizenPhones(id);
    if (phones === null) throw notFound('Citizen');
    let address: string | null = null;
    if (body.channel === 'email') {
      if (body.consented && !body.address) throw badRequest('An e-mail consent needs the address.', { address: 'required' });
      address = body.address ?? null;
    } else if (body.channel === 'sms') {
      address = body.address ? normalisePhone(body.address) : (phones[0] ?? null);
      if (body.address && !address) throw badRequest('The phone number is not a Ukrainian number.', { address: 'not a valid phone number' });
      if (body.consented && !address) throw badRequest('The citizen has no phone to send SMS to.', { address: 'required' });
    }
    await dataSource.transaction((m) => recordConsent(m, id, { channel: body.channel, consented: body.consented, address, via: 'agent', by: req.user!.id }));
    await audit.record({
      userId: req.user!.id, action: 'update', entity: 'citizen', entityId: id, detail: { consent: body.channel, consented: body.consented }, ip: req.ip,
    });
    res.json({ items: await consentsOf(dataSource, id) });
  });

  requests.get('/:id/notifications', staff, async (req, res) => {
    const { id } = parse(idParams, req.params);
    const [exists] = await dataSource.query('SELECT 1 FROM requests WHERE id = $1', [id]);
    if (!exists) throw notFound('Request');
    // No address here: the console says which channel, when and whether it went, not to whom.
    const items = await dataSource.query(
      `SELECT id::int, event, channel, status, attempts, last_error AS "lastError", text, created_at AS "createdAt",
              last_attempt_at AS "lastAttemptAt", sent_at AS "sentAt"
         FROM notification_outbox WHERE request_id = $1 ORDER BY id`,
      [id],
    );
    res.json({ items });
  });

  return { citizens, requests };
}
