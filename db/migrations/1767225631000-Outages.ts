import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outages and planned works (the proactive pop), the street renamings the address normaliser follows, the spike
 * detector's suspicions and its settings per topic group. Expand only: new tables.
 */
export class Outages1767225631000 implements MigrationInterface {
  name = 'Outages1767225631000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE street_renames (
        id serial PRIMARY KEY,
        old_name text NOT NULL CHECK (length(old_name) BETWEEN 1 AND 200),
        new_name text NOT NULL CHECK (length(new_name) BETWEEN 1 AND 200),
        note text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (old_name, new_name)
      );
      -- Examples only, for the demo and the tests: each city loads its own council decisions.
      INSERT INTO street_renames (old_name, new_name, note) VALUES
        ('просп. Карла Маркса', 'просп. Поштовий', 'example'),
        ('вул. Леніна', 'вул. Святогеоргіївська', 'example'),
        ('вул. Кірова', 'вул. Соборності', 'example');

      CREATE TABLE outages (
        id serial PRIMARY KEY,
        kind varchar(16) NOT NULL CHECK (kind IN ('water', 'hot_water', 'heating', 'electricity', 'gas', 'lift', 'road_works', 'other')),
        planned boolean NOT NULL DEFAULT false,
        district_code varchar(8) REFERENCES districts(code),
        addresses jsonb NOT NULL DEFAULT '[]',
        executor_id integer REFERENCES executors(id),
        starts_at timestamptz NOT NULL,
        expected_end_at timestamptz,
        text text NOT NULL,
        incident_id integer REFERENCES requests(id),
        suspicion_id integer,
        created_by integer REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        closed_by integer REFERENCES users(id)
      );
      CREATE INDEX outages_open ON outages (starts_at) WHERE closed_at IS NULL;
      CREATE INDEX outages_executor ON outages (executor_id, starts_at DESC);

      CREATE TABLE outage_suspicions (
        id serial PRIMARY KEY,
        street_key text NOT NULL,
        street text NOT NULL,
        buildings text,
        topic_group varchar(32) NOT NULL,
        district_code varchar(8) REFERENCES districts(code),
        calls integer NOT NULL,
        call_ids text[] NOT NULL DEFAULT '{}',
        since timestamptz NOT NULL,
        last_at timestamptz NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'declared', 'dismissed')),
        outage_id integer REFERENCES outages(id),
        decided_by integer REFERENCES users(id),
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      -- Two nodes that see the same burst write one suspicion: the second one's insert becomes an update.
      CREATE UNIQUE INDEX outage_suspicions_one_open ON outage_suspicions (street_key, topic_group) WHERE status = 'open';
      CREATE INDEX outage_suspicions_decided ON outage_suspicions (street_key, topic_group, last_at DESC) WHERE status <> 'open';

      -- The spike detector reads the classified calls of the last minutes every minute.
      CREATE INDEX calls_classified_recent ON calls (queued_at) WHERE wrap_up_topic_code IS NOT NULL;

      CREATE TABLE spike_settings (
        topic_group varchar(32) PRIMARY KEY,
        calls integer NOT NULL CHECK (calls BETWEEN 2 AND 1000),
        minutes integer NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX calls_classified_recent');
    await q.query('DROP TABLE spike_settings, outage_suspicions, outages, street_renames');
  }
}
