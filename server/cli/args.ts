/** `--name value` and `--flag` pairs; positional words stay in `_`. Enough for our few commands. */
export function parseArgs(argv: string[]): { _: string[]; [flag: string]: string | boolean | string[] } {
  const out: { _: string[]; [flag: string]: string | boolean | string[] } = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      out._.push(a);
      continue;
    }
    const [key, inline] = a.slice(2).split(/=(.*)/s, 2);
    const next = argv[i + 1];
    if (inline !== undefined) out[key] = inline;
    else if (next !== undefined && !next.startsWith('--')) out[key] = argv[++i];
    else out[key] = true;
  }
  return out;
}

export const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
