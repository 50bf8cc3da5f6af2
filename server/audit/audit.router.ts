import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { allow } from '../auth/auth.middleware';
import { id } from '../http/schemas';
import { parse } from '../http/validate';

const querySchema = z.object({
  entity: z.string().max(32).optional(),
  entityId: z.string().max(64).optional(),
  userId: id.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** The audit log, for admins only: who read or changed what, newest first. */
export function createAuditRouter(dataSource: DataSource): Router {
  const router = Router();
  router.get('/', allow('admin'), async (req, res) => {
    const q = parse(querySchema, req.query);
    const where = ['($1::text IS NULL OR a.entity = $1)', '($2::text IS NULL OR a.entity_id = $2)', '($3::int IS NULL OR a.user_id = $3)'];
    const args = [q.entity ?? null, q.entityId ?? null, q.userId ?? null];
    const items = await dataSource.query(
      `SELECT a.id::int, a.at, a.user_id AS "userId", u.username, a.action, a.entity, a.entity_id AS "entityId", a.detail, a.ip
         FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
        WHERE ${where.join(' AND ')} ORDER BY a.id DESC LIMIT $4 OFFSET $5`,
      [...args, q.pageSize, (q.page - 1) * q.pageSize],
    );
    const [{ total }] = await dataSource.query(`SELECT count(*)::int AS total FROM audit_log a WHERE ${where.join(' AND ')}`, args);
    res.json({ items, total });
  });
  return router;
}
