import captions from './report-captions.uk.json';

export const CAPTIONS = captions;

/** `{year}`-style placeholders filled in. */
export function fill(template: string, values: { [key: string]: unknown }): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));
}

/** A caption from one of the caption maps, or the code itself when the list was extended (a new addressee). */
export function captionOf(map: Record<string, string>, code: string): string {
  return map[code] ?? code;
}
