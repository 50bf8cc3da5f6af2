import type { RequestHandler } from 'express';
import { originAllowed } from '../realtime/origin';
import { AppError } from './errors';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF: the session cookie is SameSite=Lax, which a sibling subdomain (same site) still gets, and a foreign
 * page may still post forms and fetches the browser attaches it to. A browser names the page on every
 * state-changing request (`Origin`, and `Sec-Fetch-Site` in current ones), so both must say it is ours, by the
 * same rule the console sockets follow. A request with neither header is not a browser's (the CLI, curl, a
 * server) and carries no ambient cookie to abuse: it goes on to the usual login and role checks.
 */
export function refuseForeignOrigin(publicOrigins: readonly string[] | null): RequestHandler {
  return (req, _res, next) => {
    if (!STATE_CHANGING.has(req.method)) return next();
    const origin = req.get('origin');
    const site = req.get('sec-fetch-site');
    const foreign = origin !== undefined
      ? !originAllowed(origin, req.get('host'), publicOrigins) || site === 'cross-site'
      : site === 'cross-site' || site === 'same-site';
    if (!foreign) return next();
    next(new AppError(403, 'forbidden_origin', 'This request came from a page that is not the console; open the console and try again.'));
  };
}

/** Everything under /api is someone's data or state: no browser, proxy or shared cache may keep a copy. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};
