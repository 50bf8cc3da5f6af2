import { z } from 'zod';

/** The admin's SIP password for a user's softphone; absent = the server generates one (never shown). */
export const sipPasswordSchema = z.strictObject({
  // Printable ASCII: what a SIP digest and an Asterisk `password =` line carry without quoting trouble.
  password: z.string().min(8, 'at least 8 characters').max(128).regex(/^[\x21-\x7e]+$/, 'letters, digits and punctuation, no spaces').optional(),
});

/** What the console tells the server about its phone (`phone:state`). */
export const phoneStateSchema = z.strictObject({
  registered: z.boolean(),
});

/** `GET /phone/credentials` takes nothing: any query parameter is refused rather than ignored. */
export const noQuerySchema = z.strictObject({});
