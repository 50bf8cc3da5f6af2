/**
 * Expand / contract (see db/README.md). A release's migrations only expand the schema — new tables, new
 * nullable columns or columns with a default, new indexes and constraints that the old rows meet — so that a
 * node of the previous release keeps working on a database this release has migrated. What an older node
 * would trip over (a dropped or renamed table or column, a changed type, a column made NOT NULL without a
 * default) is a contract step: it ships one release after the code stopped using the old shape, and is
 * named here, so `migrate --plan` says to stop the old nodes first and the guard test lets it pass.
 */

/** The last migration of the previous release: everything after it must expand only, unless listed below. */
export const LAST_RELEASE_MIGRATION = 'CitizenNotifications1767225632100';

/** Migrations allowed to contract, each with why it is safe (which release stopped using what it removes). */
export const CONTRACT_MIGRATIONS: ReadonlyMap<string, string> = new Map<string, string>([]);
