/**
 * The little XML GeoReport v2 needs: UTF-8 with its declaration, no namespace, lists as repeated elements.
 * Built by hand rather than by a library: five element shapes, and escaping is the one thing to get right.
 */

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

// Characters XML 1.0 cannot carry at all, even escaped: C0 controls but tab and line breaks, lone surrogates,
// U+FFFE and U+FFFF. Our inputs refuse them, yet an imported or old text may hold one: it is dropped, not sent.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as element content: `&`, `<` and `>` escaped (quotes need it only in attributes, which we never write). */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

/** How the items of a list are named: `attributes` holds `attribute` elements, and so on. */
export type ItemNames = Readonly<Record<string, string>>;

function element(name: string, value: unknown, items: ItemNames): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    const item = items[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v, items)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    const children = Object.entries(value as Record<string, unknown>).map(([k, v]) => element(k, v, items)).join('');
    return `<${name}>${children}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A whole document: `root` holding `value` (an object's fields, or a list's items); null fields are left out. */
export function xmlDocument(root: string, value: unknown, items: ItemNames): string {
  return `${XML_DECLARATION}\n${element(root, value, items)}\n`;
}
