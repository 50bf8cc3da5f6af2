import { conflict } from '../http/errors';
import type { Sql } from '../citizens/citizens.repository';

/**
 * A bulk import may write its new rows without per-row triggers, as pg_restore does: PostgreSQL checks a
 * foreign key with one query per row and key (seven of them per request), which was a third of an import's
 * time. In their place the import checks each referenced set once (`lockReferences`), fills what the
 * triggers would fill, and remembers the search words itself.
 *
 * This is every INSERT trigger of the tables the import writes, by trigger or constraint name. A test
 * compares it with the catalog: a trigger added later fails that test until the import does its part.
 */
export const STOOD_IN_FOR: Record<string, string[]> = {
  // Imported citizens have no district.
  citizens: ['citizens_district_code_fkey', 'citizens_words_insert'],
  citizen_phones: ['citizen_phones_citizen_id_fkey'],
  requests: [
    'requests_addressee_fk', 'requests_citizen_id_fkey', 'requests_created_by_fkey', 'requests_district_code_fkey',
    'requests_executor_id_fkey', 'requests_incident_id_fkey', 'requests_topic_code_fkey',
    // The import states the category and the search vector of every row; these fill them only when absent.
    'requests_default_category', 'requests_search_vector_insert',
    'requests_words_insert',
  ],
  // An imported appeal's applicant was told by its sender (1545, the hotline): no citizen notice is written for it.
  request_events: ['request_events_actor_id_fkey', 'request_events_request_id_fkey', 'request_events_citizen_notices'],
  request_external: ['request_external_import_id_fkey', 'request_external_request_id_fkey'],
};

/**
 * Whether this connection may turn triggers off (`session_replication_role`: a superuser, or a role granted
 * SET on it). Asked in a savepoint, so a refusal leaves the transaction usable; the import then runs with
 * every trigger, only slower.
 */
export async function mayWriteWithoutTriggers(sql: Sql): Promise<boolean> {
  await sql.query('SAVEPOINT may_skip_triggers');
  try {
    await sql.query('SET LOCAL session_replication_role = replica');
    await sql.query('SET LOCAL session_replication_role = origin');
    await sql.query('RELEASE SAVEPOINT may_skip_triggers');
    return true;
  } catch {
    await sql.query('ROLLBACK TO SAVEPOINT may_skip_triggers');
    return false;
  }
}

/** Runs `write` with triggers off when `skip` is set, and turns them back on for the rest of the transaction. */
export async function withoutTriggers<T>(sql: Sql, skip: boolean, write: () => Promise<T>): Promise<T> {
  if (!skip) return write();
  await sql.query('SET LOCAL session_replication_role = replica');
  // No finally: after a failed write the transaction is aborted (it rolls back, and the setting with it), and
  // one more statement there would only replace the write's error with "current transaction is aborted".
  const written = await write();
  await sql.query('SET LOCAL session_replication_role = origin');
  return written;
}

/** The distinct keys the new rows refer to in one table. */
interface Reference {
  table: string;
  key: string;
  keys: unknown[];
}

/**
 * What the foreign-key triggers do per row, once per distinct key: each referenced row is locked FOR KEY
 * SHARE (so nobody deletes it or changes its key until we commit) and must exist. A key that went missing
 * since the file was read (an admin removed a topic meanwhile) fails the import whole, as the trigger would.
 */
export async function lockReferences(sql: Sql, references: Reference[]): Promise<void> {
  for (const { table, key, keys } of references) {
    if (keys.length === 0) continue;
    const locked = await sql.query(`SELECT 1 FROM ${table} WHERE ${key} = ANY ($1) FOR KEY SHARE`, [keys]);
    const missing = keys.length - locked.length;
    if (missing > 0) throw conflict('reference_changed', `${missing} of the ${table} this file refers to no longer exist (removed while it was imported). Import the file again.`);
  }
}
