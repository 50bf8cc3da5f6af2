import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { DataSource } from 'typeorm';
import type { DatabaseHealth } from '../http/database-health';
import { parse } from '../http/validate';
import { rejectUnreadableInput } from '../http/validate';
import type { RequestsService } from '../requests/requests.service';
import type { RequestEvents } from '../requests/request-events';
import type { ActiveKey, ApiKeysService } from './api-keys.service';
import { DEFAULT_OPEN311, type Open311Options } from './defaults';
import { discoveryOf } from './discovery';
import { createOpen311Intake } from './intake';
import { createOpen311Queries } from './queries';
import { commonQuerySchema, postRequestSchema, requestsQuerySchema } from './open311.schemas';
import { createRateLimiter } from './rate-limit';
import { notFound311, Open311Error, send, splitFormat, type Format } from './respond';


export interface Open311Deps {
  dataSource: DataSource;
  database: DatabaseHealth;
  keys: ApiKeysService;
  requests: RequestsService;
  events?: RequestEvents;
  options?: Partial<Open311Options>;
}

/**
 * The file part of the address (`services.json`) as its name and format; anything else is no resource here. The
 * format is kept in `locals` so that an error is answered in it too.
 */
function fileOf(req: Request, locals: Response['locals']): { name: string; format: Format } {
  const file = splitFormat(String(req.params.file ?? ''));
  if (!file) throw new Open311Error(404, ['No such resource: addresses end in .json or .xml.']);
  locals.open311Format = file.format;
  return file;
}

/** GeoReport v2 at /open311: discovery, services, requests (GET and POST with a key), tokens; JSON and XML. */
export function createOpen311Router(deps: Open311Deps): Router {
  const o = { ...DEFAULT_OPEN311, ...deps.options };
  const limiter = createRateLimiter(deps.dataSource, o.now);
  const queries = createOpen311Queries(deps.dataSource);
  const post = createOpen311Intake(deps.dataSource, deps.requests, deps.events);
  const router = Router();

  // Public data for any site or app: readable across origins, never with credentials.
  router.use((_req, res, next) => {
    res.set({ 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin', 'Cache-Control': 'no-store' });
    next();
  });
  router.use(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 200 }), rejectUnreadableInput);
  const needsDatabase: RequestHandler = (req, res, next) => deps.database.require(req, res, next);

  /** The jurisdiction, the key (required to write) and its limit: the checks every resource makes first. */
  async function gate(req: Request, needKey: boolean): Promise<ActiveKey | null> {
    const raw = (req.body as Record<string, unknown> | undefined)?.api_key ?? req.query.api_key;
    const given = typeof raw === 'string' && raw.trim() ? raw.trim() : null;
    const key = given ? await deps.keys.verify(given) : null;
    if ((needKey || given) && !key) throw new Open311Error(403, [given ? 'Invalid api_key received -- can\'t proceed.' : 'An api_key is required to create a request.']);
    const { jurisdiction_id: jurisdiction } = parse(commonQuerySchema.pick({ jurisdiction_id: true }), { jurisdiction_id: req.body?.jurisdiction_id ?? req.query.jurisdiction_id });
    const verdict = key ? await limiter.hit(`key:${key.id}`, key.ratePerMinute) : await limiter.hit(`addr:${req.ip ?? 'unknown'}`, o.anonymousRatePerMinute);
    if (!verdict.allowed) throw new Open311Error(429, [`Too many requests: ${key ? `the key's limit is ${key.ratePerMinute}` : `at most ${o.anonymousRatePerMinute} without a key`} a minute.`], verdict.retryAfterSeconds);
    if (jurisdiction && jurisdiction.toLowerCase() !== o.jurisdictionId.toLowerCase()) throw notFound311(`jurisdiction_id: ${jurisdiction} is not served here (this is ${o.jurisdictionId}).`);
    return key;
  }

  router.get('/discovery.:ext', (req, res) => {
    const file = splitFormat(`discovery.${String(req.params.ext)}`);
    if (!file) throw new Open311Error(404, ['No such resource: discovery.json or discovery.xml.']);
    const origin = o.publicOrigin ?? `${req.protocol}://${req.get('host')}`;
    send(res, file.format, 'discovery', discoveryOf(origin, o.contact));
  });

  router.get('/v2/:file', needsDatabase, async (req, res) => {
    const { name, format } = fileOf(req, res.locals);
    if (name !== 'services' && name !== 'requests') throw notFound311(`No such resource: ${name}.`);
    await gate(req, false);
    if (name === 'services') return send(res, format, 'services', await queries.services());
    send(res, format, 'service_requests', await queries.requests(parse(requestsQuerySchema, req.query)));
  });

  router.post('/v2/:file', needsDatabase, async (req, res) => {
    const { name, format } = fileOf(req, res.locals);
    if (name !== 'requests') throw notFound311(`Only requests are created here, not ${name}.`);
    const key = (await gate(req, true))!;
    const body = parse(postRequestSchema, req.body ?? {});
    send(res, format, 'service_requests', [await post(body, req.body, key, req.ip ?? null)]);
  });

  router.get('/v2/:kind/:file', needsDatabase, async (req, res) => {
    const { name, format } = fileOf(req, res.locals);
    const kind = String(req.params.kind);
    if (!['services', 'requests', 'tokens'].includes(kind)) throw notFound311(`No such resource: ${kind}.`);
    await gate(req, false);
    if (kind === 'services') return send(res, format, 'service_definition', await queries.definition(name));
    if (kind === 'requests') return send(res, format, 'service_requests', await queries.request(name));
    send(res, format, 'service_requests', await queries.token(name));
  });

  return router;
}
