import { z } from 'zod';

/**
 * The one place a user's queue member interface is normalised before it is stored. Every write (the API,
 * the CLI, the demo seed) goes through here, so a stricter notion of "the same device" changes one function.
 */
export function normaliseInterface(raw: string): string {
  return raw.trim();
}

/** The shape check at the edge: a technology, a slash, and a device. */
export const interfaceSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]+\/[^\s]+$/, 'a queue member interface such as PJSIP/1001')
  .transform(normaliseInterface);
