import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../client/src/i18n/en';
import uk from '../client/src/i18n/uk';

type Tree = { [key: string]: string | Tree };

/** Every message of a tree as `path → text`. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const ukMessages = flatten(uk as unknown as Tree);
const enMessages = flatten(en as unknown as Tree);
const forms = (text: string) => text.split(/\s\|\s/).length;
const placeholders = (text: string) => [...new Set(text.match(/\{\w+\}/g) ?? [])].sort();

const SOURCES = path.resolve(import.meta.dirname, '../client/src');
function sources(dir = SOURCES): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return /\.(vue|ts)$/.test(e.name) && !e.name.endsWith('.test.ts') && !full.includes(`${path.sep}i18n${path.sep}`) ? [full] : [];
  });
}

describe('the console\'s messages', () => {
  it('when the console names a message by a literal key, then the message exists', () => {
    const missing: string[] = [];
    for (const file of sources()) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\b(?:t|te|\$t)\(\s*'([a-zA-Z0-9_.]+)'/g)) {
        if (!ukMessages.has(m[1]) && ![...ukMessages.keys()].some((k) => k.startsWith(`${m[1]}.`))) missing.push(`${path.relative(SOURCES, file)}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('when a key is in one language, then it is in the other', () => {
    expect([...ukMessages.keys()].filter((k) => !enMessages.has(k))).toEqual([]);
    expect([...enMessages.keys()].filter((k) => !ukMessages.has(k))).toEqual([]);
  });

  it('when a message is written, then it is not empty and names the same values in both languages', () => {
    const problems: string[] = [];
    for (const [key, text] of ukMessages) {
      if (text.trim() === '') problems.push(`${key}: empty in uk`);
      const other = enMessages.get(key);
      if (other === undefined) continue;
      if (other.trim() === '') problems.push(`${key}: empty in en`);
      if (placeholders(text).join() !== placeholders(other).join()) problems.push(`${key}: uk ${placeholders(text)} / en ${placeholders(other)}`);
    }
    expect(problems).toEqual([]);
  });

  it('when a message counts, then Ukrainian has its three forms (one | few | many) and English its two', () => {
    const problems: string[] = [];
    for (const [key, text] of enMessages) {
      const ukText = ukMessages.get(key) ?? '';
      if (forms(text) > 1 && forms(text) !== 2) problems.push(`${key}: en has ${forms(text)} forms`);
      if ((forms(text) > 1 || forms(ukText) > 1) && forms(ukText) !== 3) problems.push(`${key}: uk has ${forms(ukText)} forms`);
    }
    expect(problems).toEqual([]);
  });
});
