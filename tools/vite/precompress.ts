import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** What is worth compressing: text. Fonts (woff2) and images are compressed already. */
const TEXT = /\.(js|mjs|css|html|svg|json|txt|map)$/;
/** Below this the headers cost more than the bytes saved. */
const MIN_BYTES = 1024;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/**
 * Writes `x.js.br` and `x.js.gz` beside every text file of the build, at the highest levels (done once, at
 * build time), so the server sends them as they are instead of compressing on every request.
 */
export function precompress(): Plugin {
  let outDir = '';
  let writes = true;
  return {
    name: 'hromada:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
      // A build in memory (the licence check's) leaves nothing on disk to compress.
      writes = config.build.write !== false;
    },
    async closeBundle() {
      if (!writes) return;
      const files = (await filesUnder(outDir)).filter((f) => TEXT.test(f));
      await Promise.all(files.map(async (file) => {
        const data = await readFile(file);
        if (data.length < MIN_BYTES) return;
        const [br, gzipped] = await Promise.all([
          brotli(data, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
          gz(data, { level: constants.Z_BEST_COMPRESSION }),
        ]);
        await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gzipped)]);
      }));
    },
  };
}
