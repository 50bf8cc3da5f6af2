import type { DataSource } from 'typeorm';
import { REQUEST_NUMBER_QUERY } from '../requests/request-number';
import type { Status } from '../requests/transitions';
import { createOpen311Repository, type ServiceRow } from './open311.repository';
import { DEFAULT_PAGE_SIZE, MAX_SPAN_DAYS, type RequestsQuery } from './open311.schemas';
import { statusesOf, toOpen311Request } from './public-request';
import { notFound311 } from './respond';

const DAY = 86_400_000;

const toService = (s: ServiceRow) => stripNulls({
  service_code: s.code, service_name: s.name, description: s.description ?? s.name, metadata: s.attributes.length > 0,
  type: 'realtime', keywords: s.keywords, group: s.group,
});

function stripNulls(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

/** The reads of GeoReport v2: what the city offers and where its requests stand, with nothing personal. */
export function createOpen311Queries(dataSource: DataSource) {
  const repo = createOpen311Repository();

  return {
    async services() {
      return (await repo.services(dataSource)).map(toService);
    },

    async definition(code: string) {
      const service = await repo.service(dataSource, code);
      if (!service) throw notFound311(`service_code: ${code} is not a service of this city.`);
      const attributes = [...service.attributes].sort((a, b) => a.order - b.order).map((a) => stripNulls({
        variable: true, code: a.code, datatype: a.datatype, required: a.required, datatype_description: a.datatype_description,
        order: a.order, description: a.description, values: a.values,
      }));
      return { service_code: service.code, attributes };
    },

    async requests(q: RequestsQuery) {
      const now = Date.now();
      const to = q.end_date ? new Date(q.end_date) : q.start_date ? new Date(Math.min(Date.parse(q.start_date) + MAX_SPAN_DAYS * DAY, now)) : new Date(now);
      const from = q.start_date ? new Date(q.start_date) : new Date(to.getTime() - MAX_SPAN_DAYS * DAY);
      const statuses: Status[] | undefined = q.status ? [...new Set(q.status.flatMap(statusesOf))] : undefined;
      const size = q.page_size ?? DEFAULT_PAGE_SIZE;
      const rows = await repo.requests(dataSource, {
        numbers: q.service_request_id, serviceCodes: q.service_code, from, to, statuses, limit: size, offset: ((q.page ?? 1) - 1) * size,
      });
      return rows.map(toOpen311Request);
    },

    /** One request, as a list of one (the standard's shape); another city's number, or a non-public one, is not found. */
    async request(number: string) {
      const rows = REQUEST_NUMBER_QUERY.test(number) ? await repo.requests(dataSource, { numbers: [number], from: new Date(0), to: new Date(0), limit: 1, offset: 0 }) : [];
      if (!rows.length) throw notFound311(`service_request_id: ${number} is not a request of this city.`);
      return rows.map(toOpen311Request);
    },

    async token(token: string) {
      const number = token.length <= 40 ? await repo.requestOfToken(dataSource, token) : null;
      if (!number) throw notFound311(`token: ${token} is not known here.`);
      return [{ service_request_id: number, token }];
    },
  };
}
