/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import type { RouteRecordRaw } from 'vue-router';
import type { Role } from '../../client/src/api/types';
import { mayOpen, routes } from '../../client/src/router/routes';

/** A page of the console as the router declares it: its full path and who may open it. */
export interface ConsolePage {
  name: string;
  path: string;
  roles: Role[] | undefined;
  public: boolean;
}

/** Every named page of the router, children under their parent's path; redirects are not pages. */
export function consolePages(records: RouteRecordRaw[] = routes, parent = ''): ConsolePage[] {
  const pages: ConsolePage[] = [];
  for (const r of records) {
    const path = r.path.startsWith('/') ? r.path : `${parent.replace(/\/$/, '')}/${r.path}`;
    if (r.children) pages.push(...consolePages(r.children, path));
    if (r.name && !r.redirect && (r.component || r.components)) {
      pages.push({ name: String(r.name), path, roles: r.meta?.roles, public: r.meta?.public === true });
    }
  }
  return pages;
}

export const pagesOf = (role: Role): ConsolePage[] => consolePages().filter((p) => !p.public && mayOpen(role, p.roles));

/**
 * The address of a page with its parameters filled: `:id` by `ids[page.name]` (a row the role may see), a
 * catch-all by a path that matches nothing. A new page with a parameter fails here until it is given one.
 */
export function addressOf(page: ConsolePage, ids: Record<string, number | undefined>): string {
  return page.path.replace(/:(\w+)(\([^)]*\))?[*+?]?/g, (_m, param: string) => {
    if (param === 'pathMatch') return 'no-such-page';
    const id = ids[page.name];
    if (id === undefined) throw new Error(`the walk has no ${param} for page "${page.name}": give it one in the test's fixtures`);
    return String(id);
  });
}

export interface Finding {
  what: 'page scrolls sideways' | 'text clipped' | 'figure wraps' | 'Latin word';
  where: string;
  text: string;
}

/**
 * What does not fit on the page as it is now, measured in the browser: the document wider than the window,
 * any element whose content is wider than its box (scrollWidth > clientWidth) unless it is a scroller on
 * purpose or an ellipsis with the full text in its title, and any figure (a number, a time, a percentage)
 * broken over two lines.
 */
export function findOverflow(page: Page): Promise<Finding[]> {
  return page.evaluate(() => {
    const found: { what: 'page scrolls sideways' | 'text clipped' | 'figure wraps'; where: string; text: string }[] = [];
    const describe = (el: Element) => {
      const test = el.closest('[data-test]')?.getAttribute('data-test');
      return `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}${test ? ` in [data-test=${test}]` : ''}`;
    };
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) found.push({ what: 'page scrolls sideways', where: 'html', text: `${root.scrollWidth} px in ${root.clientWidth} px` });
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      if (!(el instanceof HTMLElement) || el.clientWidth === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || el.closest('[aria-hidden=true], .sr-only, .visually-hidden')) continue;
      if (el.scrollWidth > el.clientWidth + 1) {
        const scroller = style.overflowX === 'auto' || style.overflowX === 'scroll';
        const ellipsis = style.textOverflow === 'ellipsis' && el.title.trim() !== '';
        if (!scroller && !ellipsis) found.push({ what: 'text clipped', where: describe(el), text: `${(el.innerText || '').slice(0, 60)} (${el.scrollWidth} px in ${el.clientWidth} px)` });
      }
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      if (!/\d/.test(text) || !/^[\d\s.,:%+−–-]+$/.test(text)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const lines = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (lines.size > 1) found.push({ what: 'figure wraps', where: describe(node.parentElement!), text });
    }
    return found;
  });
}

/**
 * Latin words in a Ukrainian page: the visible text and what is read aloud or shown on hover (titles,
 * placeholders, labels). Not language, so left alone: content marked `translate="no"` or with a `lang` of its
 * own (usernames, codes, the language switch), e-mail addresses, web addresses, words with digits
 * (PJSIP/1001, agent1), Roman numerals (I–III групи) and the proper names in `allowed`.
 */
export function findLatinWords(page: Page, allowed: readonly string[]): Promise<Finding[]> {
  return page.evaluate((allowList) => {
    const allow = new Set(allowList.map((w) => w.toLowerCase()));
    const found: { what: 'Latin word'; where: string; text: string }[] = [];
    const skip = (el: Element | null) => !!el?.closest('[translate=no], [lang]:not([lang=uk]), script, style, noscript');
    const check = (text: string, where: Element) => {
      const cleaned = text
        .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, ' ')
        .replace(/\bhttps?:\/\/\S+/g, ' ')
        .replace(/\S*\d\S*/g, ' ');
      for (const word of cleaned.match(/[A-Za-z]+(?:['’-][A-Za-z]+)*/g) ?? []) {
        if (allow.has(word.toLowerCase()) || /^[IVX]+$/.test(word)) continue;
        const test = where.closest('[data-test]')?.getAttribute('data-test');
        found.push({ what: 'Latin word', where: `${where.tagName.toLowerCase()}${test ? ` in [data-test=${test}]` : ''}`, text: `${word} in "${text.trim().slice(0, 80)}"` });
      }
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent) continue;
      // a closed list's options are not rendered, yet they are read as soon as it opens
      const shown = parent.closest('select') ?? parent;
      if (skip(parent) || !shown.checkVisibility()) continue;
      check(node.textContent ?? '', parent);
    }
    for (const el of Array.from(document.body.querySelectorAll('[title], [placeholder], [aria-label]'))) {
      if (skip(el)) continue;
      for (const attr of ['title', 'placeholder', 'aria-label']) {
        const value = el.getAttribute(attr);
        if (value) check(value, el);
      }
    }
    const title = document.title;
    if (title) check(title, document.body);
    return found;
  }, allowed);
}
