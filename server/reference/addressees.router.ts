import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuditService } from '../audit/audit.service';
import { allow } from '../auth/auth.middleware';
import { parse } from '../http/validate';

const codeSchema = z.object({ code: z.string().trim().regex(/^[a-z][a-z0-9_]{1,23}$/, 'lowercase letters, digits and _, at most 24') });
const bodySchema = z.object({
  nameUk: z.string().trim().min(1, 'required').max(200),
  nameEn: z.string().trim().min(1, 'required').max(200),
  position: z.number().int().min(1).max(1000).optional(),
});

/** `PUT /api/addressees/:code` (admin): adds an addressee to the list or renames one; codes stay stable. */
export function createAddresseesRouter(dataSource: DataSource, audit: AuditService): Router {
  const router = Router();
  router.put('/:code', allow('admin'), async (req, res) => {
    const { code } = parse(codeSchema, req.params);
    const b = parse(bodySchema, req.body);
    const [row] = await dataSource.query(
      `INSERT INTO addressees (code, name_uk, name_en, position) VALUES ($1, $2, $3, coalesce($4, 100))
       ON CONFLICT (code) DO UPDATE SET name_uk = EXCLUDED.name_uk, name_en = EXCLUDED.name_en,
              position = coalesce($4, addressees.position)
       RETURNING code, name_uk AS name, name_en AS "nameEn", position`,
      [code, b.nameUk, b.nameEn, b.position ?? null],
    );
    await audit.record({ userId: req.user!.id, action: 'update', entity: 'addressee', entityId: code, ip: req.ip });
    res.json(row);
  });
  return router;
}
