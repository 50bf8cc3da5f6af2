/**
 * `npm run licenses`: every installed dependency's licence against the EUPL-1.2 policy (policy.ts), and the NOTICE
 * of what the built console ships. Exits 1 on an incompatible or unknown licence, or a stale NOTICE.
 * `npm run licenses -- --write-notice` writes NOTICE anew.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { init, type ModuleInfos } from 'license-checker-rseidelsohn';
import { consolePackages } from './console-packages';
import { renderNotice } from './notice';
import { judge } from './policy';

const root = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const reviewed: Record<string, { license: string; why: string }> = JSON.parse(
  await readFile(new URL('./reviewed.json', import.meta.url), 'utf8'),
);

/** A package's licence as one SPDX expression: a reviewed one first, a list of alternatives as OR. */
function licenceOf(key: string, info: ModuleInfos[string] | undefined): string {
  if (reviewed[key]) return reviewed[key].license;
  const l = info?.licenses ?? 'UNKNOWN';
  return Array.isArray(l) ? `(${l.join(' OR ')})` : l;
}

const infos = await promisify(init)({ start: root, excludePrivatePackages: true });
const failures: string[] = [];
const counts = new Map<string, number>();
for (const [key, info] of Object.entries(infos)) {
  const licence = licenceOf(key, info);
  counts.set(licence, (counts.get(licence) ?? 0) + 1);
  const verdict = judge(licence);
  if (!verdict.ok) failures.push(`${key}: ${verdict.why}${info.path ? ` (${path.relative(root, info.path)})` : ''}`);
}

console.log(`${Object.keys(infos).length} packages installed; licences found:`);
for (const [licence, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${licence}: ${n}`);
for (const [key, r] of Object.entries(reviewed)) console.log(`reviewed by hand: ${key} = ${r.license} (${r.why})`);

const shipped = await consolePackages(root);
const notice = await renderNotice(shipped, (p) => licenceOf(`${p.name}@${p.version}`, infos[`${p.name}@${p.version}`]));
const noticeFile = path.join(root, 'NOTICE');
if (process.argv.includes('--write-notice')) {
  await writeFile(noticeFile, notice);
  console.log(`NOTICE written: ${shipped.length} packages the console ships`);
} else if ((await readFile(noticeFile, 'utf8').catch(() => '')) !== notice) {
  failures.push('NOTICE is not current: run `npm run licenses -- --write-notice` and commit it');
} else {
  console.log(`NOTICE is current: ${shipped.length} packages the console ships`);
}

if (failures.length > 0) {
  console.error(`\n${failures.length} problem(s):\n${failures.map((f) => `  ${f}`).join('\n')}`);
  process.exit(1);
}
