/**
 * Watches the bytes asterisk-manager is about to parse. Its parser keeps any partial line and partial
 * message in memory without limit, so a peer sending a 1 MB line or endless garbage would grow us
 * forever; we reset the link instead. Only `lastIndexOf` from the chunk's end: no copies on the hot path.
 */
export class FrameGuard {
  private lineLength = 0;
  private messageLength = 0;
  private tail = '';

  constructor(private readonly maxLine: number, private readonly maxMessage: number) {}

  /** False when the peer broke the framing limits. */
  feed(chunk: string): boolean {
    const lastNewline = chunk.lastIndexOf('\n');
    this.lineLength = lastNewline === -1 ? this.lineLength + chunk.length : chunk.length - lastNewline - 1;
    if (this.lineLength > this.maxLine) return false;
    const end = this.lastBlankLineEnd(chunk);
    this.messageLength = end === -1 ? this.messageLength + chunk.length : chunk.length - end;
    this.tail = (this.tail + chunk.slice(-2)).slice(-2);
    return this.messageLength <= this.maxMessage;
  }

  /**
   * Offset in `chunk` just after the last blank line, which may start in the previous chunk. Walks back line by
   * line from the end: the last message's few lines, not the whole chunk (`lastIndexOf('\n\n')` read all 64 KB
   * of every chunk, since AMI's blank lines are `\r\n`).
   */
  private lastBlankLineEnd(chunk: string): number {
    let end = chunk.lastIndexOf('\n');
    while (end !== -1) {
      const start = end === 0 ? -1 : chunk.lastIndexOf('\n', end - 1);
      // The line before this newline is blank ('' or '\r') and itself ends a line inside this chunk.
      if (start !== -1 && (end - start === 1 || (end - start === 2 && chunk.charCodeAt(end - 1) === 13))) return end + 1;
      if (start === -1) break;
      end = start;
    }
    // Across the joint: a blank line that ends in this chunk (one ending in the tail was counted before).
    const joint = this.tail + chunk.slice(0, 2);
    const lf = joint.lastIndexOf('\n\n');
    const crlf = joint.lastIndexOf('\n\r\n');
    const across = Math.max(lf === -1 ? -1 : lf + 2, crlf === -1 ? -1 : crlf + 3) - this.tail.length;
    return across > 0 ? across : -1;
  }
}
