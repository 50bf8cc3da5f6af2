import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/setup/database';

describe('migrations', async () => {
  const { dataSource } = await useTestDatabase();

  it('when migrated, then the reference data of the city is there', async () => {
    const [counts] = await dataSource.query(`
      SELECT (SELECT count(*) FROM districts)::int AS districts, (SELECT count(*) FROM executors)::int AS executors,
             (SELECT count(*) FROM topics WHERE parent_code IS NOT NULL AND active)::int AS leaf_topics,
             (SELECT count(*) FROM classifier_groups)::int AS groups`);
    expect(counts).toEqual({ districts: 7, executors: 23, leaf_topics: 42, groups: 25 });
  });

  it('when a topic is handled by district committees, then each district routes to its own committee', async () => {
    const rows = await dataSource.query(`
      SELECT r.district_code, e.code FROM routing_rules r JOIN executors e ON e.id = r.executor_id
       WHERE r.topic_code = 'HS.06' ORDER BY r.district_code`);
    expect(rows).toHaveLength(7);
    expect(rows[0]).toEqual({ district_code: 'DOV', code: 'DOV-EC' });
  });

  it('when every migration is reverted, then the schema is empty, and it can be built again', async () => {
    for (let i = 0; i < dataSource.migrations.length; i++) await dataSource.undoLastMigration();
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`);
    expect(n).toBe(0);
    await dataSource.runMigrations();
    const [{ topics }] = await dataSource.query('SELECT count(*)::int AS topics FROM topics');
    expect(topics).toBeGreaterThan(40);
  });
});
