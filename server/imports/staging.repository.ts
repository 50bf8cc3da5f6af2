import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Sql } from '../citizens/citizens.repository';
import type { ImportRow } from './rows';

/** The staged columns, in the order the COPY sends them. */
const COLUMNS = [
  'row', 'source', 'external_number', 'received_at', 'category', 'addressee', 'kind', 'subject', 'signatories', 'topic_code', 'unmapped',
  'description', 'citizen_name', 'phones', 'address', 'district_code', 'citizen_category', 'executor_id', 'due_at', 'flags', 'status',
  'result', 'closed_at', 'satisfaction', 'own',
] as const satisfies readonly (keyof ImportRow)[];

/**
 * The file's rows go to a temporary table first (with COPY, as they stream in), then into requests,
 * citizens and the timeline in a few set-based statements. All of it happens in the caller's transaction,
 * so a file is imported whole or not at all.
 *
 * `import_rows` is written once and only read afterwards: what later steps learn about a row (its request,
 * applicant, number) goes to narrow tables keyed by `row`. Updating the wide rows instead rewrote every one
 * of them at each step, and a temporary table is never vacuumed.
 */
export function createStaging(sql: Sql, client: PoolClient) {
  return {
    async create(): Promise<void> {
      // The request's own words (`body_tsv`) are computed as rows arrive: the database would otherwise wait
      // for the parser all through the reading, and then spend seconds on them in the requests' insert.
      await sql.query(`
        CREATE TEMP TABLE import_rows (
          row integer, source text, external_number text, received_at timestamptz, category text, addressee text,
          kind text, subject text, signatories integer, topic_code text, unmapped text, description text,
          citizen_name text, phones text[], address text, district_code text, citizen_category text, executor_id integer,
          due_at timestamptz, flags text[], status text, result text, closed_at timestamptz, satisfaction integer, own jsonb,
          body_tsv tsvector GENERATED ALWAYS AS (request_body_tsv(address, description)) STORED
        ) ON COMMIT DROP`);
    },

    /**
     * A COPY into the staging table, open while the file is read. COPY's text format costs the database a
     * tenth of what one INSERT of JSON per batch did.
     */
    open(): StagingStream {
      const stream = client.query(copyFrom(`COPY import_rows (${COLUMNS.join(', ')}) FROM STDIN`));
      let failure: Error | null = null;
      stream.on('error', (e: Error) => (failure ??= e));
      return {
        async add(rows: ImportRow[]): Promise<void> {
          if (failure) throw failure;
          // events.once takes its 'error' listener off again once drained: a listener left per wait grew with the file.
          if (rows.length && !stream.write(rows.map(copyLine).join(''))) await once(stream, 'drain');
        },
        async end(): Promise<void> {
          stream.end();
          await finished(stream);
        },
        async abort(reason: Error): Promise<void> {
          // CopyFail ends the COPY on the server; left open, it would hold the connection and the rollback behind it.
          stream.destroy(reason);
          await finished(stream).catch(() => {});
        },
      };
    },

    /** A number repeated within the file: its last row wins. Returns how many earlier rows were dropped. */
    async keepLastOfEachNumber(): Promise<number> {
      // Statistics of the columns joined on only: those of the descriptions, phones and 1545's fields cost more
      // than the rest of this step, and no plan reads them. The self-join below is a hash join; no index needed.
      await sql.query('ANALYZE import_rows (row, source, external_number, topic_code)');
      const [, dropped] = await sql.query(`
        DELETE FROM import_rows a USING import_rows b
         WHERE a.source = b.source AND a.external_number = b.external_number AND a.row < b.row`);
      return dropped;
    },

    /**
     * One import of a sender's numbers at a time, until commit: a second import of the same file waits here,
     * then matches the rows the first wrote instead of making them again (or failing on the unique key).
     */
    async lockSources(): Promise<void> {
      await sql.query(`SELECT pg_advisory_xact_lock(hashtext('import:' || source)) FROM (SELECT DISTINCT source FROM import_rows ORDER BY source) s`);
    },

    /** Every row with the request already imported (or typed in with the same number) under it, if any. */
    async matchExisting(): Promise<void> {
      await sql.query(`
        CREATE TEMP TABLE import_keys ON COMMIT DROP AS
        SELECT s.row, m.id AS request_id
          FROM import_rows s
          LEFT JOIN (SELECT r.id, r.source, r.external_number
                       FROM requests r JOIN (SELECT DISTINCT source, external_number FROM import_rows) k
                         ON k.source = r.source AND k.external_number = r.external_number) m
            ON m.source = s.source AND m.external_number = s.external_number`);
      await sql.query('ANALYZE import_keys');
    },

    async counts(): Promise<{ fresh: number; changed: number; same: number; unclassified: number }> {
      const [c] = await sql.query(`
        SELECT count(*) FILTER (WHERE k.request_id IS NULL)::int AS fresh,
               count(*) FILTER (WHERE k.request_id IS NOT NULL AND x.fields IS DISTINCT FROM s.own)::int AS changed,
               count(*) FILTER (WHERE k.request_id IS NOT NULL AND x.fields IS NOT DISTINCT FROM s.own)::int AS same,
               count(*) FILTER (WHERE k.request_id IS NULL AND s.unmapped IS NOT NULL)::int AS unclassified
          FROM import_rows s JOIN import_keys k USING (row) LEFT JOIN request_external x ON x.request_id = k.request_id`);
      return c;
    },

    /** Sender's topic texts that no map knows yet, most frequent first: the admin's to-do list. */
    async unmapped(limit = 100): Promise<{ text: string; count: number }[]> {
      return sql.query(`SELECT unmapped AS text, count(*)::int AS count FROM import_rows WHERE unmapped IS NOT NULL
                         GROUP BY unmapped ORDER BY count(*) DESC, unmapped LIMIT $1`, [limit]);
    },

    /**
     * The sender's own fields changed since the last import: logged on the timeline as old → new, then kept.
     * Our workflow columns (status, executor, answer) are not touched.
     */
    async updateExisting(importId: number, actorId: number | null): Promise<void> {
      await sql.query(`
        INSERT INTO request_events (request_id, actor_id, action, data)
        SELECT k.request_id, $2, 'external_update', jsonb_build_object('importId', $1::int, 'source', s.source, 'changes',
                 (SELECT jsonb_object_agg(f, jsonb_build_array(x.fields -> f, s.own -> f))
                    FROM jsonb_object_keys(s.own) f WHERE (x.fields -> f) IS DISTINCT FROM (s.own -> f)))
          FROM import_rows s JOIN import_keys k USING (row) LEFT JOIN request_external x ON x.request_id = k.request_id
         WHERE k.request_id IS NOT NULL AND x.fields IS DISTINCT FROM s.own`, [importId, actorId]);
      // Only the changed rows are offered: an unchanged one would cost ON CONFLICT's speculative insert for
      // nothing (a year's file imported again is 1.2 M of them).
      await sql.query(`
        INSERT INTO request_external (request_id, fields, import_id)
        SELECT k.request_id, s.own, $1 FROM import_rows s JOIN import_keys k USING (row) LEFT JOIN request_external x ON x.request_id = k.request_id
         WHERE k.request_id IS NOT NULL AND x.fields IS DISTINCT FROM s.own
        ON CONFLICT (request_id) DO UPDATE SET fields = EXCLUDED.fields, import_id = EXCLUDED.import_id, updated_at = now()
         WHERE request_external.fields IS DISTINCT FROM EXCLUDED.fields`, [importId]);
    },
  };
}
export type Staging = ReturnType<typeof createStaging>;

export interface StagingStream {
  /** Sends rows; resolves once the connection takes more (the parser waits for the database, not memory). */
  add(rows: ImportRow[]): Promise<void>;
  /** Ends the COPY; rejects with the database's error if it refused a row. */
  end(): Promise<void>;
  /** Cancels the COPY (the file could not be read to its end). */
  abort(reason: Error): Promise<void>;
}

/** One row in COPY's text format: tab-separated, \N for null, arrays and JSON as their literals. */
function copyLine(r: ImportRow): string {
  let line = '';
  for (let i = 0; i < COLUMNS.length; i++) {
    const v = r[COLUMNS[i]];
    const text = v === null || v === undefined ? '\\N' : escapeCopy(Array.isArray(v) ? arrayLiteral(v) : typeof v === 'object' ? JSON.stringify(v) : String(v));
    line += i === 0 ? text : `\t${text}`;
  }
  return `${line}\n`;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const escapeCopy = (s: string) => (NEEDS_ESCAPE.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : s);
/** A text[] literal: every element quoted, its quotes and backslashes escaped. */
const arrayLiteral = (items: string[]) => `{${items.map((x) => `"${x.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
