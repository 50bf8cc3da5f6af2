/** Asterisk answered `Response: Error` (or Goodbye) to an action. */
export class AmiActionError extends Error {
  constructor(readonly action: string, message: string) {
    super(`${action}: ${message}`);
    this.name = 'AmiActionError';
  }
}

/** The link is down, went down, or did not answer in time. */
export class AmiLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AmiLinkError';
  }
}

/** Wrong username or secret. */
export class AmiAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AmiAuthError';
  }
}

/**
 * An action refused before it was sent: a field name or value holds CR, LF or NUL. AMI frames are lines, so a
 * line break inside a value would end that field and start another one, or a whole second action, of the
 * sender's choosing (`Reason: break\r\nAction: Originate…`).
 */
export class AmiFieldError extends Error {
  constructor(readonly action: string, readonly field: string) {
    super(`${action}: field ${JSON.stringify(field)} holds a line break or NUL; not sent`);
    this.name = 'AmiFieldError';
  }
}
