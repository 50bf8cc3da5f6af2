import fc from 'fast-check';
import { z } from 'zod';
import { hostileId, hostileString, mutated } from './http-fuzz';

/**
 * Arbitraries for fuzzing the console's socket messages: what a hand-written client can put into a Socket.IO
 * frame, seeded with what broke (issue 19: `{ id: { toString: 1 } }`, which makes `Number(id)` throw).
 */

/** Keys that change how JavaScript converts or walks an object when they hold a non-function. */
const TRAP_KEYS = ['toString', 'valueOf', '__proto__', 'constructor', 'hasOwnProperty', 'toJSON', 'then', 'length', 'id', 'paused', 'reason', 'lean', 'loggedIn'];

/** Nested `depth` levels deep, alternating arrays and objects. */
export function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { id: value };
  return value;
}

const oddNumber = fc.constantFrom<unknown>(NaN, Infinity, -Infinity, -0, 1e308, 2 ** 53 + 2, 2 ** 31, 1.5, -1, 0);
// 400 KB of UTF-8: big, yet under Socket.IO's 1 MB frame limit even with the rest of a message.
const huge = fc.constant('я'.repeat(200_000));
const leaf: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString }, { weight: 2, arbitrary: hostileId }, { weight: 2, arbitrary: oddNumber },
  fc.boolean(), fc.constant(null), fc.constant(undefined),
);

/** An object whose own keys are the trap keys (built with `fromEntries`, so `__proto__` is an own key, as JSON.parse makes it). */
export const trapObject: fc.Arbitrary<Record<string, unknown>> = fc
  .array(fc.tuple(fc.constantFrom(...TRAP_KEYS), fc.oneof(leaf, fc.array(leaf, { maxLength: 2 }), fc.object({ maxDepth: 1 }))), { minLength: 1, maxLength: 3 })
  .map((entries) => Object.fromEntries(entries));

/** Anything that fits into one socket message where a payload or one field is expected. */
export const hostileSocketValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: trapObject }, { weight: 3, arbitrary: leaf },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 2_000 }).map(nested) },
  { weight: 1, arbitrary: fc.array(leaf, { maxLength: 5 }) },
  // Socket.IO carries binary attachments: a Buffer arrives as a Buffer, not as JSON.
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3, withNullPrototype: true, withSparseArray: true, withBoxedValues: true }) },
);

/** How the message is framed: the acknowledgement is the client's to give or not, and anything may come after the payload. */
export type Framing = 'ack' | 'no-payload' | 'extra-args' | 'no-ack' | 'non-function-ack' | 'bare';
export const framing = fc.constantFrom<Framing>('ack', 'ack', 'no-payload', 'extra-args', 'no-ack', 'non-function-ack', 'bare');
export const extraArgs = fc.array(hostileSocketValue, { minLength: 1, maxLength: 2 });

/** One message: mostly-valid payloads reach the handlers' own rules, hostile ones the guard. */
export function message(valid: Record<string, unknown>[]) {
  const payload = fc.oneof(
    { weight: 3, arbitrary: fc.oneof(...valid.map((v) => mutated(v, hostileSocketValue))) },
    { weight: 3, arbitrary: hostileSocketValue },
    { weight: 1, arbitrary: fc.oneof(huge, huge.map((id) => ({ id }))) },
    { weight: 1, arbitrary: fc.constantFrom(...valid) },
  );
  return fc.record({ payload, framing, extra: extraArgs });
}

/** Every acknowledgement the server gives: an answer, or the error shape of docs/API.md. */
export const ackShape = z.union([
  z.object({ ok: z.literal(true) }).loose(),
  z.object({
    ok: z.literal(false),
    error: z.object({
      code: z.string().regex(/^[a-z][a-z_]*$/), message: z.string().min(1), fields: z.record(z.string(), z.string()).optional(),
      reasons: z.record(z.string(), z.object({ code: z.string().regex(/^[a-z][a-z_]*$/) }).catchall(z.union([z.string(), z.number()]))).optional(),
    }).strict(),
  }).strict(),
]);
