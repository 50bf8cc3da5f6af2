import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The attributes a public service asks for (GeoReport v2 `service_definition`), keyed by topic code. */
const ATTRIBUTES: Record<string, unknown[]> = {
  'HS.08': [{ code: 'entrance', datatype: 'number', required: true, order: 1, description: 'Номер під\'їзду' }],
  'HS.11': [{
    code: 'leak_place', datatype: 'singlevaluelist', required: true, order: 1, description: 'Де тече',
    values: [{ key: 'basement', name: 'Підвал' }, { key: 'stairwell', name: 'Під\'їзд' }, { key: 'street', name: 'Вулиця' }],
  }],
  'LS.02': [{
    code: 'lamp_state', datatype: 'singlevaluelist', required: false, order: 1, description: 'Що з ліхтарем',
    values: [{ key: 'dark', name: 'Не світить' }, { key: 'flickers', name: 'Блимає' }, { key: 'by_day', name: 'Світить удень' }],
  }],
};
/** Topics a passer-by can report from the street: the city's public Open311 services at first, with their keywords. */
const PUBLIC_TOPICS: Record<string, string> = {
  'HS.01': 'вода, холодна вода, водопостачання', 'HS.02': 'гаряча вода, водопостачання', 'HS.03': 'опалення, батареї, тепло',
  'HS.04': 'світло, електрика, електропостачання', 'HS.05': 'газ, газопостачання', 'HS.06': 'дах, покрівля, протікання',
  'HS.07': 'під\'їзд, ремонт, мережі', 'HS.08': 'ліфт', 'HS.09': 'сміття, відходи, контейнери', 'HS.11': 'витік, каналізація, прорив',
  'LS.01': 'дорога, яма, тротуар', 'LS.02': 'ліхтар, освітлення', 'LS.03': 'прибирання, двір', 'LS.04': 'дерево, гілля, обрізка',
  'LS.05': 'майданчик, гойдалка', 'LS.06': 'сніг, ожеледиця', 'LS.07': 'собаки, тварини', 'TC.01': 'автобус, трамвай, маршрутка',
  'TC.02': 'маршрут, розклад, зупинка', 'EC.01': 'забруднення, дим, запах',
};

/**
 * Open311 GeoReport v2 (issue 26): API keys (only a hash is kept) with their per-minute limit and its counters,
 * the public subset of topics with the attributes each needs, the tokens of requests posted through it, a
 * citizen's e-mail addresses (found by them as by phone), and per request whether its text is public and where
 * it is (lat/long). Expand only: new tables, nullable or defaulted columns.
 */
export class Open3111767225632000 implements MigrationInterface {
  name = 'Open3111767225632000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE api_keys (
      id serial PRIMARY KEY,
      name varchar(80) NOT NULL,
      key_hash char(64) NOT NULL UNIQUE,
      key_prefix varchar(12) NOT NULL,
      rate_per_minute integer NOT NULL CHECK (rate_per_minute BETWEEN 1 AND 100000),
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by integer REFERENCES users(id) ON DELETE SET NULL,
      revoked_at timestamptz,
      last_used_at timestamptz)`);
    // A name names one key in force (the CLI revokes by name); a revoked one frees its name.
    await q.query('CREATE UNIQUE INDEX api_keys_name_active ON api_keys (lower(name)) WHERE revoked_at IS NULL');
    await q.query(`CREATE TABLE api_rate_windows (
      bucket varchar(120) NOT NULL,
      window_start timestamptz NOT NULL,
      hits integer NOT NULL,
      PRIMARY KEY (bucket, window_start))`);
    await q.query(`CREATE TABLE open311_services (
      topic_code varchar PRIMARY KEY REFERENCES topics(code),
      description text,
      keywords text,
      attributes jsonb NOT NULL DEFAULT '[]')`);
    await q.query(`CREATE TABLE open311_tokens (
      token varchar(40) PRIMARY KEY,
      request_id integer NOT NULL UNIQUE REFERENCES requests(id) ON DELETE CASCADE,
      api_key_id integer NOT NULL REFERENCES api_keys(id),
      attributes jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE citizen_emails (
      citizen_id integer NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
      email varchar(254) NOT NULL,
      PRIMARY KEY (citizen_id, email))`);
    await q.query('CREATE INDEX citizen_emails_email ON citizen_emails (lower(email))');
    await q.query('ALTER TABLE requests ADD COLUMN public_text boolean NOT NULL DEFAULT false');
    await q.query('ALTER TABLE requests ADD COLUMN lat double precision');
    await q.query('ALTER TABLE requests ADD COLUMN long double precision');
    await q.query(
      `INSERT INTO open311_services (topic_code, keywords, attributes)
       SELECT code, ($1::jsonb) ->> code, coalesce(($2::jsonb) -> code, '[]') FROM topics WHERE ($1::jsonb) ? code`,
      [JSON.stringify(PUBLIC_TOPICS), JSON.stringify(ATTRIBUTES)],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE requests DROP COLUMN long');
    await q.query('ALTER TABLE requests DROP COLUMN lat');
    await q.query('ALTER TABLE requests DROP COLUMN public_text');
    await q.query('DROP TABLE citizen_emails');
    await q.query('DROP TABLE open311_tokens');
    await q.query('DROP TABLE open311_services');
    await q.query('DROP TABLE api_rate_windows');
    await q.query('DROP TABLE api_keys');
  }
}
