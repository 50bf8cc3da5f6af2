import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type Plugin } from 'vite';

/** One package the built console carries: where it is installed and what it is. */
export interface ShippedPackage {
  name: string;
  version: string;
  dir: string;
}

/** `/x/node_modules/@vue/shared/dist/a.js` → `/x/node_modules/@vue/shared` (the innermost package). */
function packageDirOf(moduleId: string): string | undefined {
  const file = moduleId.replace(/^\0/, '').split('?')[0];
  const at = file.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const rest = file.slice(at + '/node_modules/'.length).split('/');
  const depth = rest[0].startsWith('@') ? 2 : 1;
  return file.slice(0, at + '/node_modules/'.length) + rest.slice(0, depth).join('/');
}

/** Collects the folders of every package whose code ends up in an output chunk (after tree-shaking). */
function collector(dirs: Set<string>): Plugin {
  return {
    name: 'hromada:shipped-packages',
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        for (const [id, info] of Object.entries(output.modules)) {
          const dir = info.renderedLength > 0 ? packageDirOf(id) : undefined;
          if (dir) dirs.add(dir);
        }
      }
    },
  };
}

/**
 * Every package the built console carries, as the bundler itself reports it: the console is built in memory with
 * the project's own vite.config.ts and a plugin that reads each chunk's modules, so a package the tree-shaker
 * dropped is not listed and one a new import brings in is.
 */
export async function consolePackages(root: string): Promise<ShippedPackage[]> {
  const dirs = new Set<string>();
  await build({
    configFile: path.join(root, 'vite.config.ts'),
    logLevel: 'silent',
    plugins: [collector(dirs)],
    build: { write: false },
  });
  const packages = await Promise.all(
    [...dirs].map(async (dir) => {
      const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
      return { name: pkg.name, version: pkg.version, dir };
    }),
  );
  return packages.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}
