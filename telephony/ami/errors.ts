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
