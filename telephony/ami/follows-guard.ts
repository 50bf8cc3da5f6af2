/** A message whose first line is `Response: …follow…`, as asterisk-manager recognises one (after a blank line). */
const FOLLOWS_START = /\n\r?\nresponse:[^\r\n]*follow[^\r\n]*\r?\n/i;
const FOLLOWS_HINT = /follow/i;
/** What ends a follows body for the package (then the next blank line). */
const FOLLOWS_END = /--END (?:COMMAND|SMS EVENT)--/;
const CARRY = 48;

export interface FollowsLimits {
  maxBytes: number;
  maxLines: number;
}

/**
 * asterisk-manager reads a `Response: Follows` (Asterisk ≤ 13's answer to `Command`) until `--END COMMAND--`,
 * blank lines and all: a peer that never sends the end makes it swallow every later event and answer, the
 * Ping's too, until the ping times out. We never send `Command`, so such a body is the peer's doing; this
 * watches the same bytes and says when one is open (the connection bounds it in time) or has grown past the
 * limits. Scans only chunks that mention "follow", and the open body itself.
 */
export class FollowsGuard {
  private recent = '\n\n';
  private body: { bytes: number; lines: number } | null = null;
  /** How many follows bodies began: the connection's timer knows which one it waits for. */
  entered = 0;
  violation = '';

  constructor(private readonly limits: FollowsLimits) {}

  get open(): boolean {
    return this.body !== null;
  }

  /** False when an open follows body outgrew the limits. */
  feed(chunk: string): boolean {
    // Most chunks: no body open and no "follow" in them nor across the joint. Joining the carry to a 64 KB chunk
    // and searching that copies the chunk (a joined string is flattened first), so the two are searched apart.
    if (!this.body && !FOLLOWS_HINT.test(chunk) && !FOLLOWS_HINT.test(this.recent + chunk.slice(0, CARRY))) {
      this.recent = chunk.length >= CARRY ? chunk.slice(-CARRY) : (this.recent + chunk).slice(-CARRY);
      return true;
    }
    let text = this.recent + chunk;
    for (;;) {
      if (!this.body) {
        const start = FOLLOWS_HINT.test(text) ? FOLLOWS_START.exec(text) : null;
        if (!start) break;
        this.body = { bytes: 0, lines: 0 };
        this.entered++;
        text = text.slice(start.index + start[0].length);
        continue;
      }
      const end = FOLLOWS_END.exec(text);
      if (!end) {
        this.body.bytes += text.length;
        for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) this.body.lines++;
        if (this.body.bytes > this.limits.maxBytes || this.body.lines > this.limits.maxLines) {
          this.violation = `Response: Follows without its end past ${this.limits.maxBytes} bytes or ${this.limits.maxLines} lines`;
          return false;
        }
        break;
      }
      this.body = null;
      text = text.slice(end.index + end[0].length);
    }
    this.recent = text.slice(-CARRY);
    return true;
  }
}
