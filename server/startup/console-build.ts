import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';

const root = path.resolve(import.meta.dirname, '../..');
export const consoleDir = path.join(root, 'dist/client');

/** Builds the console when the build is missing or older than its sources, so `npm start` always serves the current one. */
export async function ensureConsoleBuilt(log: Logger): Promise<void> {
  const index = path.join(consoleDir, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = [path.join(root, 'client'), path.join(root, 'vite.config.ts'), path.join(root, 'server/realtime/contract.ts')];
  if (built && newest(sources) <= built) return;
  log.info('building the console (first start or its sources changed)…');
  await buildConsole();
  log.info('console built');
}

/**
 * `vite build` into `outDir` as production, whatever NODE_ENV the caller runs under: under vitest (NODE_ENV=test)
 * Vue and vue-i18n would otherwise ship their development builds (a third more JS), and `npm start` would then
 * serve that build, newer than its sources.
 */
export async function buildConsole(outDir?: string): Promise<void> {
  const { build } = await import('vite');
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn', mode: 'production', ...(outDir ? { build: { outDir, emptyOutDir: true } } : {}) });
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
}

function newest(paths: string[]): number {
  let max = 0;
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const s = statSync(p);
    if (s.isDirectory()) {
      for (const entry of readdirSync(p)) if (entry !== 'node_modules') max = Math.max(max, newest([path.join(p, entry)]));
    } else max = Math.max(max, s.mtimeMs);
  }
  return max;
}
