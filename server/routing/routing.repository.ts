import type { Sql } from '../citizens/citizens.repository';

export interface SuggestedExecutor {
  id: number;
  code: string;
  name: string;
}

export interface RoutingRuleView {
  id: number;
  topic: { code: string; name: string };
  district: string | null;
  executor: SuggestedExecutor;
  updatedAt: string;
}

const RULE_COLUMNS = `r.id, json_build_object('code', t.code, 'name', t.name_uk) AS topic, r.district_code AS district,
  json_build_object('id', e.id, 'code', e.code, 'name', e.name_uk) AS executor, r.updated_at AS "updatedAt"`;
const RULE_FROM = 'routing_rules r JOIN topics t ON t.code = r.topic_code JOIN executors e ON e.id = r.executor_id';

export function createRoutingRepository() {
  return {
    /** The district's own rule wins over the city-wide one (NULL district); inactive executors are skipped. */
    async suggest(sql: Sql, topicCode: string, districtCode: string | null): Promise<SuggestedExecutor | null> {
      const [row] = await sql.query(
        `SELECT e.id, e.code, e.name_uk AS name FROM routing_rules r JOIN executors e ON e.id = r.executor_id
          WHERE r.topic_code = $1 AND (r.district_code = $2 OR r.district_code IS NULL) AND e.active
          ORDER BY r.district_code NULLS LAST LIMIT 1`,
        [topicCode, districtCode],
      );
      return row ?? null;
    },

    async list(sql: Sql, topicCode: string | null): Promise<RoutingRuleView[]> {
      return sql.query(
        `SELECT ${RULE_COLUMNS} FROM ${RULE_FROM} WHERE ($1::text IS NULL OR r.topic_code = $1)
          ORDER BY r.topic_code, r.district_code NULLS FIRST`,
        [topicCode],
      );
    },

    /** One rule per topic and district (a unique index says so): putting it again replaces the executor. */
    async put(sql: Sql, topicCode: string, districtCode: string | null, executorId: number): Promise<RoutingRuleView> {
      const [{ id }] = await sql.query(
        `INSERT INTO routing_rules (topic_code, district_code, executor_id) VALUES ($1, $2, $3)
         ON CONFLICT (topic_code, (coalesce(district_code, ''))) DO UPDATE SET executor_id = EXCLUDED.executor_id, updated_at = now()
         RETURNING id`,
        [topicCode, districtCode, executorId],
      );
      const [rule] = await sql.query(`SELECT ${RULE_COLUMNS} FROM ${RULE_FROM} WHERE r.id = $1`, [id]);
      return rule;
    },

    async remove(sql: Sql, id: number): Promise<boolean> {
      // TypeORM answers a DELETE with [rows, affected].
      const [, affected] = await sql.query('DELETE FROM routing_rules WHERE id = $1', [id]);
      return affected > 0;
    },
  };
}
export type RoutingRepository = ReturnType<typeof createRoutingRepository>;
