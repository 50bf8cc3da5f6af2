import { readFileSync } from 'node:fs';

export type Frame = { sent: boolean; fields: Array<[string, string]> };

/**
 * An AMI transcript recorded in the lab (test/fixtures/ami/*.transcript): frames separated by blank lines,
 * what the client sent prefixed with `> `, `#` lines are comments (the time since the start).
 */
export function readTranscript(file: string): Frame[] {
  return readFileSync(file, 'utf8').split(/\n\s*\n/).flatMap((block): Frame[] => {
    const lines = block.split('\n').filter((l) => l.trim() && !/^(> )?#/.test(l));
    if (!lines.length) return [];
    const sent = lines[0]!.startsWith('> ');
    const fields = lines.map((l) => (sent ? l.slice(2) : l)).map((l): [string, string] => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]);
    return [{ sent, fields }];
  });
}

export const frameField = (f: Frame, key: string) => f.fields.find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
