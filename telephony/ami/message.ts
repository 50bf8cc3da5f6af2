import type { AmiRawMessage } from 'asterisk-manager';

/** A message as asterisk-manager hands it over: lowercased keys, repeated keys as arrays. */
export type AmiMessage = AmiRawMessage;

/** The first value of a field, as a string ('' when absent); repeated keys keep the first, like Asterisk. */
export function field(message: AmiMessage, key: string): string {
  const value = message[key];
  const text = typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
  // A NUL from the peer would make every later write of this value fail (PostgreSQL text cannot hold it).
  return text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
}

/** AMI's numbers (causes, positions, seconds) fit 32 bits; anything beyond is absurd and reads as absent. */
const INT32 = 2 ** 31;

export function intField(message: AmiMessage, key: string): number {
  const parsed = Number.parseInt(field(message, key), 10);
  return Number.isFinite(parsed) && parsed > -INT32 && parsed < INT32 ? parsed : 0;
}

/** AMI uses both 1/0 and Yes/No/true/false for flags. */
export function flagField(message: AmiMessage, key: string): boolean {
  const value = field(message, key).toLowerCase();
  return value === '1' || value === 'yes' || value === 'true' || value === 'on';
}

/** Asterisk renders missing caller ID as `<unknown>` in snapshots and `unknown` in QueueEntry. */
export function callerIdField(message: AmiMessage, key: string): string {
  const value = field(message, key);
  return value === '<unknown>' || value === 'unknown' ? '' : value;
}

/** V8 shares memory with a string sliced from a longer one from 13 characters on (SlicedString). */
const SLICE_MIN = 13;

function own(value: string): string {
  return value.length < SLICE_MIN ? value : Buffer.from(value, 'utf8').toString('utf8');
}

/**
 * The same message with values that are copies. The package slices each value out of the whole chunk read
 * from the socket, so one Linkedid kept in a map (finished calls, cards) would keep kilobytes of wire text
 * alive with it: the soak showed the heap growing by the size of the chunks until those maps were full.
 */
export function withOwnStrings(message: AmiMessage): AmiMessage {
  const copy: AmiMessage = {};
  for (const [key, value] of Object.entries(message)) {
    if (typeof value === 'string') copy[key] = own(value);
    else if (Array.isArray(value)) copy[key] = value.map((v) => (typeof v === 'string' ? own(v) : v));
    else if (value && typeof value === 'object') copy[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? own(v) : v]));
  }
  return copy;
}
