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
