import type { AmiRawMessage } from 'asterisk-manager';

/** A message as asterisk-manager hands it over: lowercased keys, repeated keys as arrays. */
export type AmiMessage = AmiRawMessage;

/** V8 shares memory with a string sliced from a longer one from 13 characters on (SlicedString). */
const SLICE_MIN = 13;

/**
 * A copy that no longer points into the chunk the package read from the socket: it slices each value out of
 * that whole chunk, so one Linkedid kept in a map (finished calls, cards) would keep kilobytes of wire text
 * alive with it (the soak showed the heap growing by the size of the chunks). Prepending a character makes a
 * ConsString, and slicing it flattens that into a fresh string of the value's own size first.
 */
function own(value: string): string {
  return value.length < SLICE_MIN ? value : (' ' + value).slice(1);
}

/**
 * The first value of a field, as a string ('' when absent); repeated keys keep the first, like Asterisk.
 * Every value that leaves a message leaves through here, so only the fields read are copied, not the whole
 * frame: copying every field of every frame was the wrapper's largest single cost in bench:ami.
 */
export function field(message: AmiMessage, key: string): string {
  return own(text(message, key));
}

/** The event's name lowercased, for looking it up: nothing of it is kept, so it is not copied out of the chunk. */
export function eventName(message: AmiMessage): string {
  return text(message, 'event').toLowerCase();
}

/** The value as it lies in the chunk: only for reads that keep nothing of it (numbers, flags). */
function text(message: AmiMessage, key: string): string {
  const value = message[key];
  const first = typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
  // A NUL from the peer would make every later write of this value fail (PostgreSQL text cannot hold it).
  return first.includes('\u0000') ? first.replaceAll('\u0000', '') : first;
}

/** AMI's numbers (causes, positions, seconds) fit 32 bits; anything beyond is absurd and reads as absent. */
const INT32 = 2 ** 31;

export function intField(message: AmiMessage, key: string): number {
  const parsed = Number.parseInt(text(message, key), 10);
  return Number.isFinite(parsed) && parsed > -INT32 && parsed < INT32 ? parsed : 0;
}

/** A decimal such as Asterisk's Timestamp (NaN when absent). */
export function floatField(message: AmiMessage, key: string): number {
  return Number.parseFloat(text(message, key));
}

/** AMI uses both 1/0 and Yes/No/true/false for flags. */
export function flagField(message: AmiMessage, key: string): boolean {
  const value = text(message, key).toLowerCase();
  return value === '1' || value === 'yes' || value === 'true' || value === 'on';
}

/** Asterisk renders missing caller ID as `<unknown>` in snapshots and `unknown` in QueueEntry. */
export function callerIdField(message: AmiMessage, key: string): string {
  const value = field(message, key);
  return value === '<unknown>' || value === 'unknown' ? '' : value;
}

