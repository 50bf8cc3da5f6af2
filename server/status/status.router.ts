import express, { Router, type Request, type Response } from 'express';
import { AppError } from '../http/errors';
import { parse } from '../http/validate';
import { renderStatusPage, type PageState } from './status-page';
import { consentSchema, lookupSchema, verdictSchema } from './status.schemas';
import type { StatusService } from './status.service';
import { STATUS_WORDS, type StatusLang } from './status-words';

const langOf = (v: unknown): StatusLang => (v === 'en' ? 'en' : 'uk');
/** The form's own fields that are not the API's. */
const withoutLang = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body ?? {}).filter(([k]) => k !== 'lang'));

/**
 * The citizen's status page: `/api/status/*` in JSON (the API's error shape), and `/status` as server-rendered
 * HTML forms over the same service, with no login and nothing of the console.
 */
export function createStatusRouters(service: StatusService, o: { telegramBot?: string | null } = {}): { api: Router; page: Router } {
  const api = Router();
  const ip = (req: Request) => req.ip ?? 'unknown';

  api.post('/lookup', async (req, res) => {
    res.json(await service.lookup(parse(lookupSchema, req.body), ip(req)));
  });
  api.post('/verdict', async (req, res) => {
    res.json(await service.verdict(parse(verdictSchema, req.body), ip(req)));
  });
  api.post('/consent', async (req, res) => {
    await service.consent(parse(consentSchema, req.body), ip(req));
    res.status(204).end();
  });

  const page = Router();
  page.use('/status', express.urlencoded({ extended: false, limit: '10kb', parameterLimit: 20 }));
  const send = (res: Response, status: number, state: PageState) => {
    // The page holds what the citizen proved with their digits: never cached, never framed elsewhere.
    res.status(status).set('Cache-Control', 'no-store').type('html').send(renderStatusPage({ telegramBot: o.telegramBot ?? null, ...state }));
  };
  /** Runs one form's action and renders the page, or the form again with what went wrong. */
  const form = (act: (req: Request, lang: StatusLang) => Promise<PageState>) => async (req: Request, res: Response) => {
    const lang = langOf(req.body?.lang);
    const w = STATUS_WORDS[lang];
    try {
      send(res, 200, await act(req, lang));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.retryAfterSeconds) res.set('Retry-After', String(error.retryAfterSeconds));
      const text = error.status === 429 ? w.tooMany : error.status === 404 ? w.notFound : error.status === 400 ? `${w.invalid}: ${Object.keys(error.fields ?? {}).join(', ')}` : error.status === 409 ? w.alreadyAnswered : w.unavailable;
      send(res, error.status, { lang, number: typeof req.body?.number === 'string' ? req.body.number.slice(0, 20) : undefined, message: { kind: 'error', text } });
    }
  };

  page.get('/status', (req, res) => {
    const number = typeof req.query.number === 'string' ? req.query.number.slice(0, 20) : undefined;
    send(res, 200, { lang: langOf(req.query.lang), number });
  });
  page.post('/status', form(async (req, lang) => {
    const c = parse(lookupSchema, withoutLang(req.body));
    return { lang, number: c.number, phone4: c.phone4, status: await service.lookup(c, ip(req)) };
  }));
  page.post('/status/verdict', form(async (req, lang) => {
    const v = parse(verdictSchema, withoutLang(req.body));
    const status = await service.verdict(v, ip(req));
    const w = STATUS_WORDS[lang];
    return { lang, number: v.number, phone4: v.phone4, status, message: { kind: 'ok', text: v.verdict === 'confirm' ? w.confirmed : w.returned } };
  }));
  page.post('/status/consent', form(async (req, lang) => {
    const c = parse(consentSchema, withoutLang(req.body));
    await service.consent(c, ip(req));
    return { lang, number: c.number, phone4: c.phone4, status: await service.lookup(c, ip(req)), message: { kind: 'ok', text: STATUS_WORDS[lang].consentSaved } };
  }));
  return { api, page };
}
