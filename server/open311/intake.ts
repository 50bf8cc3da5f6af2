import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { kyivIso } from '../common/kyiv-iso';
import { normalisePhone } from '../phones';
import type { RequestEvents } from '../requests/request-events';
import type { NewRequest } from '../requests/requests.schemas';
import type { RequestsService } from '../requests/requests.service';
import type { ActiveKey } from './api-keys.service';
import { findOrCreateApplicant, homeDistrict } from './applicant';
import { attributesOf, checkAttributes } from './attributes';
import { createOpen311Repository } from './open311.repository';
import type { PostRequest } from './open311.schemas';
import { badRequest311 } from './respond';

export interface Posted {
  service_request_id: string;
  token: string;
  service_notice: string;
}

/**
 * POST requests: a request registered through the same service as the console's (routing, deadline, intake
 * flags, audit), by the key instead of a user. Everything it writes is one transaction: the applicant, the
 * request, its timeline and its token, so a refusal at any step leaves nothing behind.
 */
export function createOpen311Intake(dataSource: DataSource, requests: RequestsService, events?: RequestEvents) {
  const repo = createOpen311Repository();

  return async function post(body: PostRequest, form: Record<string, unknown>, key: ActiveKey, ip: string | null): Promise<Posted> {
    const service = await repo.service(dataSource, body.service_code);
    if (!service) throw badRequest311(`service_code: ${body.service_code} is not a service of this city (see services.json)`);
    const attributes = checkAttributes(service.attributes, attributesOf(form));
    if (attributes.problems.length) throw badRequest311(...attributes.problems);
    const phone = body.phone ? normalisePhone(body.phone) : null;
    if (body.phone && !phone) throw badRequest311('phone: not a Ukrainian phone number');
    const fullName = [body.first_name, body.last_name].filter(Boolean).join(' ') || null;
    const contact = phone || body.email ? { phone, email: body.email ?? null, fullName } : null;

    // The photo stays where the app keeps it; its link is read with the text.
    const description = [body.description || service.name, ...attributes.lines, ...(body.media_url ? [`Фото: ${body.media_url}`] : [])].join('\n');
    const district = contact ? await homeDistrict(dataSource, contact, body.address_string) : undefined;
    const input: NewRequest = {
      topicCode: service.code, description, address: body.address_string, district, source: 'web', kind: 'application',
      subject: contact ? 'individual' : 'anonymous', needsStudy: true,
    };
    const token = randomBytes(12).toString('base64url');
    const id = await requests.register(input, {
      userId: null, ip, via: { via: 'open311', apiKey: key.name },
      applicant: (sql) => (contact ? findOrCreateApplicant(sql, contact) : Promise.resolve({ id: null })),
      within: async (sql, requestId) => {
        await sql.query('UPDATE requests SET public_text = true, lat = $2, long = $3 WHERE id = $1', [requestId, body.lat ?? null, body.long ?? null]);
        await sql.query('INSERT INTO open311_tokens (token, request_id, api_key_id, attributes) VALUES ($1, $2, $3, $4)', [token, requestId, key.id, attributes.accepted]);
      },
    });
    void events?.changed(id, { created: true });
    const [row] = await dataSource.query('SELECT number, due_at AS "dueAt" FROM requests WHERE id = $1', [id]);
    const notice = row.dueAt ? `Заявку зареєстровано; строк виконання — до ${kyivIso(new Date(row.dueAt)).slice(0, 16).replace('T', ' ')}.` : 'Заявку зареєстровано.';
    return { service_request_id: row.number, token, service_notice: notice };
  };
}
