/**
 * Watches the bytes asterisk-manager is about to parse. Its parser keeps any partial line and partial
 * message in memory without limit, so a peer sending a 1 MB line or endless garbage would grow us
 * forever; we reset the link instead.
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
    const text = this.tail + chunk;
    const lastBlank = Math.max(text.lastIndexOf('\n\n'), text.lastIndexOf('\n\r\n'));
    this.messageLength = lastBlank === -1 ? this.messageLength + chunk.length : text.length - lastBlank;
    this.tail = text.slice(-2);
    return this.messageLength <= this.maxMessage;
  }
}
