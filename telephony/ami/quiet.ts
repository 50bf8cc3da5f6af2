/**
 * asterisk-manager writes to console.log on its error paths ('ERROR: ', reconnect notices). Calls into it
 * are synchronous, so muting console.log for their duration silences it without touching anyone else.
 */
/* eslint-disable no-console -- muting the package's console.log is the whole point of this function */
export function quietly<T>(call: () => T): T {
  const original = console.log;
  console.log = () => {};
  try {
    return call();
  } finally {
    console.log = original;
  }
}
