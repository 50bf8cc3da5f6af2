import { readdirSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type Response } from 'express';

type Coding = 'br' | 'gzip';
const SUFFIX: Record<Coding, string> = { br: '.br', gzip: '.gz' };
const YEAR_IMMUTABLE = 'public, max-age=31536000, immutable';

/** The codings the client takes, best first: brotli, then gzip; `q=0` refuses one, `*` takes any not named. */
export function acceptedCodings(header: string | undefined): Coding[] {
  const q = new Map<string, number>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (!name) continue;
    const weight = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    q.set(name.trim(), weight === undefined ? 1 : Number(weight));
  }
  const weight = (c: string) => q.get(c) ?? (c === 'gzip' ? q.get('x-gzip') : undefined) ?? q.get('*') ?? 0;
  return (['br', 'gzip'] as const).filter((c) => weight(c) > 0).sort((a, b) => weight(b) - weight(a));
}

/** Every file of the build by its URL path (`/assets/index-ab12.js`), read once: no request touches the disk to look. */
function listFiles(dir: string): Set<string> {
  const entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  return new Set(entries.filter((e) => e.isFile()).map((e) => '/' + path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/')));
}

/**
 * The built console: hashed `/assets/*` cached for a year as immutable, `index.html` (and the history-mode
 * routes that answer with it) revalidated on every load, each sent as the `.br` or `.gz` the build wrote
 * beside it when the client takes that coding (`Vary: Accept-Encoding` either way).
 */
export function serveConsole(app: Express, dir: string): void {
  const files = listFiles(dir);
  const send = (res: Response, urlPath: string, acceptEncoding: string | undefined, cacheControl: string) => {
    const variants = files.has(urlPath + '.br') || files.has(urlPath + '.gz');
    if (variants) res.vary('Accept-Encoding');
    const coding = variants ? acceptedCodings(acceptEncoding).find((c) => files.has(urlPath + SUFFIX[c])) : undefined;
    res.setHeader('Cache-Control', cacheControl);
    // The type of what the file is, not of its compressed copy.
    res.type(path.extname(urlPath));
    if (coding) res.setHeader('Content-Encoding', coding);
    res.sendFile(path.join(dir, urlPath + (coding ? SUFFIX[coding] : '')), { cacheControl: false, dotfiles: 'deny' });
  };
  app.get(/^\/assets\/.+/, (req, res, next) => {
    if (!files.has(req.path)) return next();
    send(res, req.path, req.get('accept-encoding'), YEAR_IMMUTABLE);
  });
  // A hashed name that is not in this build is a 404, never index.html (a stale page would run it as a script).
  app.use('/assets', (_req, res) => void res.status(404).end());
  app.use(express.static(dir, { index: false, cacheControl: false, dotfiles: 'ignore', setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache') }));
  app.get(/^(?!\/api\/|\/socket\.io\/).*/, (req, res) => send(res, '/index.html', req.get('accept-encoding'), 'no-cache'));
}
