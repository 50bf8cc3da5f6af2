import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { ANY_ROLE, allow } from '../auth/auth.middleware';

/** Reference data every role reads: the classifier, the executors, the districts. */
export function createReferenceRouter(dataSource: DataSource): Router {
  const router = Router();
  router.get('/topics', allow(...ANY_ROLE), async (_req, res) => {
    res.json(
      await dataSource.query(`
        SELECT t.code, t.name_uk AS name, t.name_en AS "nameEn", p.name_uk AS "group", t.parent_code AS parent,
               t.report_group AS "reportGroup", t.deadline, t.klas858
          FROM topics t LEFT JOIN topics p ON p.code = t.parent_code
         WHERE t.active ORDER BY t.code`),
    );
  });
  router.get('/executors', allow(...ANY_ROLE), async (_req, res) => {
    res.json(
      await dataSource.query(`
        SELECT id, code, name_uk AS name, name_en AS "nameEn", kind, district_code AS district, handles
          FROM executors WHERE active ORDER BY kind, code`),
    );
  });
  router.get('/addressees', allow(...ANY_ROLE), async (_req, res) => {
    res.json(await dataSource.query('SELECT code, name_uk AS name, name_en AS "nameEn" FROM addressees ORDER BY position, code'));
  });
  router.get('/districts', allow(...ANY_ROLE), async (_req, res) => {
    res.json(await dataSource.query('SELECT code, name_uk AS name, name_en AS "nameEn" FROM districts ORDER BY code'));
  });
  return router;
}
