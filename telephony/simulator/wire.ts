/** AMI framing as Asterisk writes it: `Key: Value` lines with CRLF, a blank line ends a message. */

export type Fields = Array<[string, string | number]>;

export function formatMessage(fields: Fields): string {
  let out = '';
  for (const [key, value] of fields) out += `${key}: ${value}\r\n`;
  return `${out}\r\n`;
}

/** An action from a client: header names as sent, lookups case-insensitive like `astman_get_header`. */
export class ActionMessage {
  constructor(readonly lines: Array<[string, string]>) {}

  get(key: string): string {
    const wanted = key.toLowerCase();
    return this.lines.find(([k]) => k.toLowerCase() === wanted)?.[1] ?? '';
  }

  all(key: string): string[] {
    const wanted = key.toLowerCase();
    return this.lines.filter(([k]) => k.toLowerCase() === wanted).map(([, v]) => v);
  }
}

/** Asterisk refuses input lines over 1024 bytes (`get_input`, manager.c). */
export const MAX_INPUT_LINE = 1024;

export type ParsedInput = { kind: 'action'; action: ActionMessage } | { kind: 'line_too_long' };

/** Splits a client's byte stream into actions; lines end in CRLF or a bare LF. */
export class ActionReader {
  private buffer = '';
  private lines: Array<[string, string]> = [];
  private discarding = false;

  feed(chunk: string): ParsedInput[] {
    this.buffer += chunk;
    const out: ParsedInput[] = [];
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) !== -1) {
      const line = this.buffer.slice(0, newline).replace(/\r$/, '');
      this.buffer = this.buffer.slice(newline + 1);
      if (line.length > MAX_INPUT_LINE) {
        this.discarding = true;
        continue;
      }
      if (line === '') {
        if (this.discarding) out.push({ kind: 'line_too_long' });
        else if (this.lines.length) out.push({ kind: 'action', action: new ActionMessage(this.lines) });
        this.lines = [];
        this.discarding = false;
        continue;
      }
      const colon = line.indexOf(':');
      if (colon > 0) this.lines.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
    }
    if (this.buffer.length > MAX_INPUT_LINE) {
      this.buffer = '';
      this.discarding = true;
    }
    return out;
  }
}
