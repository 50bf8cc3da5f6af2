import { SaxesParser } from 'saxes';
import type { AppDeps } from '../../server/app';
import { createAuditService } from '../../server/audit/audit.service';
import { createApiKeysService } from '../../server/open311/api-keys.service';
import { startTestApp, type TestApp } from '../setup/app';

/** An XML element as the contract tests read it: its name, its children in order, its text. */
export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** Parses a whole document with a strict parser (an unescaped `&` or `<` is an error) and returns its declaration and root. */
export function parseXml(xml: string): { declaration: { version?: string; encoding?: string }; root: XmlNode } {
  const parser = new SaxesParser({ xmlns: false });
  const stack: XmlNode[] = [];
  let root: XmlNode | null = null;
  let declaration = {};
  parser.on('error', (e) => { throw e; });
  parser.on('xmldecl', (d) => { declaration = d; });
  parser.on('opentag', (tag) => {
    const node: XmlNode = { name: tag.name, attributes: tag.attributes as Record<string, string>, children: [], text: '' };
    if (stack.length) stack[stack.length - 1].children.push(node);
    else root = node;
    stack.push(node);
  });
  parser.on('text', (t) => { if (stack.length) stack[stack.length - 1].text += t; });
  parser.on('closetag', () => { stack.pop(); });
  parser.write(xml).close();
  if (!root) throw new Error('no root element');
  return { declaration, root };
}

export const child = (n: XmlNode, name: string) => n.children.find((c) => c.name === name);
export const textOf = (n: XmlNode, name: string) => child(n, name)?.text;

export interface Open311App extends TestApp {
  /** A key in force, made as an admin would (only its hash is stored). */
  key(name?: string, ratePerMinute?: number): Promise<string>;
  /** GET `/open311/v2/<path>`. */
  get(path: string): Promise<Response>;
  /** POST a form (application/x-www-form-urlencoded) to `/open311/v2/<path>`. */
  post(path: string, fields: Record<string, string | string[]>): Promise<Response>;
}

let keys = 0;

export async function startOpen311App(overrides: Partial<AppDeps> = {}): Promise<Open311App> {
  const t = await startTestApp(overrides);
  const service = createApiKeysService(t.db.dataSource, createAuditService(t.db.dataSource));
  return {
    ...t,
    async key(name = `partner ${++keys}`, ratePerMinute = 1000) {
      return (await service.create({ name, ratePerMinute }, { userId: null, via: 'cli' })).key;
    },
    get: (path) => fetch(`${t.baseUrl}/open311/v2/${path}`),
    post(path, fields) {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
      return fetch(`${t.baseUrl}/open311/v2/${path}`, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } });
    },
  };
}
