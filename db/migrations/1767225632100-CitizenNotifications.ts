import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notices to citizens (issue 26): each citizen's consent per channel (who recorded it, where), the outbox of
 * messages written in the same transaction as the change they tell of (a trigger on the timeline), and the
 * status page's attempts (its rate limit, shared by every node). Expand only: new tables, a trigger that writes
 * only to them.
 */
export class CitizenNotifications1767225632100 implements MigrationInterface {
  name = 'CitizenNotifications1767225632100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_consents (
        citizen_id integer NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
        channel varchar(16) NOT NULL CHECK (channel IN ('email', 'sms', 'telegram')),
        address text,
        consented boolean NOT NULL,
        via varchar(16) NOT NULL CHECK (via IN ('agent', 'status_page', 'telegram')),
        recorded_by integer REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (citizen_id, channel)
      )`);
    await q.query(`
      CREATE TABLE notification_outbox (
        id bigserial PRIMARY KEY,
        request_id integer NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        citizen_id integer NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
        event varchar(16) NOT NULL CHECK (event IN ('registered', 'assigned', 'done', 'closed')),
        channel varchar(16) NOT NULL CHECK (channel IN ('email', 'sms', 'telegram')),
        status varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'queued', 'sent', 'failed', 'skipped')),
        text text,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        queued_at timestamptz,
        last_attempt_at timestamptz,
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX notification_outbox_pending ON notification_outbox (id) WHERE status = 'pending'`);
    // The outbox is written by the timeline itself: every way a request changes (the console, Open311, the status
    // page) writes its event, and this writes the notices in the same transaction. The assignment made by routing
    // at registration (its data says \`by\`) is told in the registration notice, not twice.
    await q.query(`
      CREATE FUNCTION queue_citizen_notices() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        notice text := CASE
          WHEN NEW.action = 'registered' THEN 'registered'
          WHEN NEW.action = 'assign' AND NOT (coalesce(NEW.data, '{}'::jsonb) ? 'by') THEN 'assigned'
          WHEN NEW.to_status = 'done' AND NEW.from_status IS DISTINCT FROM 'done' THEN 'done'
          WHEN NEW.to_status IN ('closed', 'forwarded', 'cancelled') AND NEW.from_status IS DISTINCT FROM NEW.to_status THEN 'closed'
        END;
      BEGIN
        IF notice IS NOT NULL THEN
          INSERT INTO notification_outbox (request_id, citizen_id, event, channel)
          SELECT r.id, c.citizen_id, notice, c.channel
            FROM requests r JOIN notification_consents c ON c.citizen_id = r.citizen_id AND c.consented
           WHERE r.id = NEW.request_id;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query('CREATE TRIGGER request_events_citizen_notices AFTER INSERT ON request_events FOR EACH ROW EXECUTE FUNCTION queue_citizen_notices()');
    await q.query('CREATE INDEX notification_outbox_request ON notification_outbox (request_id, id)');
    await q.query(`
      CREATE TABLE status_page_attempts (
        key text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX status_page_attempts_key ON status_page_attempts (key, at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE status_page_attempts');
    await q.query('DROP TRIGGER request_events_citizen_notices ON request_events');
    await q.query('DROP FUNCTION queue_citizen_notices()');
    await q.query('DROP TABLE notification_outbox');
    await q.query('DROP TABLE notification_consents');
  }
}
