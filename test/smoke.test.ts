import pg from 'pg';
import { expect, inject, it } from 'vitest';

it('when the suite starts, then a real PostgreSQL answers', async () => {
  const client = new pg.Client({ connectionString: inject('postgresUrl') });
  await client.connect();
  const { rows } = await client.query<{ v: string }>("select current_setting('server_version') as v");
  await client.end();
  expect(rows[0].v).toMatch(/^\d+/);
});
