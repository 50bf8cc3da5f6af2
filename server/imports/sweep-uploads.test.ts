import { mkdir, mkdtemp, readdir, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepUploads } from './sweep-uploads';

describe('sweepUploads: what a server finds of uploads at start-up', () => {
  it('when folders belong to servers that are gone or are a day old, then they go, and a running server keeps its own', async () => {
    const base = await mkdtemp(path.join(tmpdir(), 'hc-sweep-'));
    const root = path.join(base, 'uploads');
    // 999999999 is past Linux's largest pid; the parent of this process runs.
    for (const name of ['999999999-a', `${process.ppid}-b`, 'junk']) await mkdir(path.join(root, name), { recursive: true });
    const legacy = path.join(base, 'tmp');
    for (const name of ['hc-upload-old', 'hc-upload-new', 'other']) await mkdir(path.join(legacy, name), { recursive: true });
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    await utimes(path.join(legacy, 'hc-upload-old'), twoDaysAgo, twoDaysAgo);

    const removed = await sweepUploads(root, legacy);

    expect(removed.map((d) => path.relative(base, d)).sort()).toEqual(['tmp/hc-upload-old', 'uploads/999999999-a', 'uploads/junk']);
    expect(await readdir(root)).toEqual([`${process.ppid}-b`]);
    expect((await readdir(legacy)).sort()).toEqual(['hc-upload-new', 'other']);
  });
});
