import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import type { AppDeps } from '../../server/app';

/**
 * Arbitraries for fuzzing the HTTP inputs, seeded with the classes of issue 9 (NUL and other controls, lone
 * surrogates, ids beyond integer, absurd dates) and mixed with anything else fast-check thinks of.
 */

/** Any UTF-16 code unit: controls and lone surrogate halves included. */
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));

export const hostileString = fc.oneof(
  // The classes of issue 9 first: they are what broke.
  { weight: 4, arbitrary: fc.constantFrom('a\u0000b', '\u0000', '\ud800', 'x\udc00y', '\u0007', '\u001b[31m', '\u007f') },
  { weight: 2, arbitrary: fc.constantFrom('a\nb', '\t', "'; DROP TABLE requests; --", '%00', '<script>alert(1)</script>', '', ' ', 'é', '💧',
    'x'.repeat(5_000), '..', '../../etc/passwd') },
  { weight: 2, arbitrary: fc.string({ unit: anyUnit, maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 24 }) },
);

export const hostileId = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<unknown>(0, -1, 1, 2_147_483_647, 2_147_483_648, 3_000_000_000, 1e20, 1.5, -0, '12abc', '', ' ', '0x10', '1e3', '9'.repeat(30), 'NaN', 'Infinity') },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String) },
);

export const hostileDate = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-02-30T10:00:00Z', '1999-12-31T23:59:59Z',
    '275760-09-13T00:00:00Z', '2026-13-01', '2026-01-01T25:00:00Z', 'yesterday', '0000-01-01', '2026-01-01') },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
);

/** Any JSON value a client could send where one field is expected. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString }, { weight: 2, arbitrary: hostileId }, { weight: 1, arbitrary: hostileDate },
  fc.boolean(), fc.constant(null), fc.array(hostileString, { maxLength: 3 }), fc.dictionary(hostileString, hostileString, { maxKeys: 2 }),
);

/**
 * The valid `base` with up to two fields swapped for hostile values, maybe one dropped and maybe a hostile extra
 * key: mostly-valid inputs get past the first check and reach the deeper rules (and the database).
 */
export function mutated(base: Record<string, unknown>, value: fc.Arbitrary<unknown> = hostileValue): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(base);
  return fc.record({
    changed: fc.subarray(keys, { maxLength: Math.min(2, keys.length) }),
    values: fc.array(value, { minLength: 2, maxLength: 2 }),
    dropped: fc.subarray(keys, { maxLength: Math.min(1, keys.length) }),
    extra: fc.option(fc.tuple(hostileString, hostileValue), { freq: 5 }),
  }).map(({ changed, values, dropped, extra }) => {
    const out: Record<string, unknown> = { ...base };
    changed.forEach((k, i) => (out[k] = values[i]));
    for (const k of dropped) delete out[k];
    if (extra) out[extra[0]] = extra[1];
    return out;
  });
}

/** A value as it may appear in a URL; a lone surrogate cannot be percent-encoded as UTF-8, so it goes as `%uD800`. */
export function urlPart(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  try {
    return encodeURIComponent(s);
  } catch {
    return escape(s);
  }
}

export const queryString = (q: Record<string, unknown>) =>
  Object.entries(q).map(([k, v]) => `${urlPart(k)}=${urlPart(v)}`).join('&');

/**
 * What a refused request must leave as it was: the number of rows of every table, plus sums that move when a
 * row is changed in place (a request's version, a routing rule's executor, a citizen's last change).
 */
export async function fingerprint(dataSource: DataSource): Promise<string> {
  const tables: { tablename: string }[] = await dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  const counts = tables.map((t) => `(SELECT count(*) FROM "${t.tablename}")`).join(' || \',\' || ');
  const [row] = await dataSource.query(`SELECT ${counts} || ',' || (SELECT coalesce(sum(version), 0) FROM requests)
    || ',' || (SELECT coalesce(sum(executor_id), 0) FROM routing_rules) || ',' || coalesce((SELECT max(updated_at)::text FROM citizens), '') AS f`);
  return row.f;
}

/**
 * The app's own clocks held still while fuzzing: the live page re-reads today every minute and its agent grid then
 * writes the agents' states down (agent_states) on that clock, which a refusal's fingerprint taken across the minute
 * would take for the refusal's write (seen on CI: a 400 "wrote" agent_states' first row).
 */
export const stillClocks = { calls: { supervisorRereadMs: 2 ** 31 - 1 } } satisfies Partial<AppDeps>;

/**
 * The fingerprint once the server's own trailing writes have landed: an accepted request may be followed by
 * writes it caused a moment later (an agent's pause recorded in agent_states when the grid is next built), and
 * they must not be taken for a write of the next, refused, request.
 */
export async function settledFingerprint(dataSource: DataSource): Promise<string> {
  let last = await fingerprint(dataSource);
  for (let tries = 0; tries < 40; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = await fingerprint(dataSource);
    if (now === last) return now;
    last = now;
  }
  return last;
}
