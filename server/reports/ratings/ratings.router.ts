import { Router } from 'express';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../../audit/audit.service';
import { allow } from '../../auth/auth.middleware';
import { formatSchema } from '../../exports/exports.schemas';
import { writeTable, type ExportColumn } from '../../exports/table-writer';
import { parse } from '../../http/validate';
import type { RatingRow } from './ratings.repository';
import captions from './ratings-captions.uk.json';
import { ratingsQuerySchema } from './ratings.schemas';
import { ratings } from './ratings.service';

const COLUMNS: (keyof typeof captions & keyof RatingRow)[] = [
  'code', 'name', 'requests', 'completed', 'onTime', 'onTimePercent', 'confirmed', 'confirmedPercent', 'satisfaction', 'reworks', 'overdue',
];
export const ratingColumns: ExportColumn<RatingRow>[] = COLUMNS.map((k) => ({ header: captions[k], value: (r) => r[k], width: k === 'name' ? 40 : 14 }));

async function* once<R>(rows: R[]): AsyncGenerator<R[]> {
  yield rows;
}

/** `/ratings` (JSON for the page) and `/exports/ratings.{csv,xlsx}`: supervisors and admins only. */
export function createRatingsRouters(dataSource: DataSource, audit: AuditService): { ratings: Router; exports: Router } {
  const may = allow('supervisor', 'admin');
  const json = Router();
  json.get('/', may, async (req, res) => {
    res.json(await ratings(dataSource, parse(ratingsQuerySchema, req.query)));
  });
  const files = Router();
  files.get('/ratings.:format', may, async (req, res) => {
    const { format } = parse(formatSchema, req.params);
    const q = parse(ratingsQuerySchema, req.query);
    const report = await ratings(dataSource, q);
    const written = await writeTable(res, format, `ratings-${report.from}-${report.to}`, ratingColumns, once(report.items));
    await audit.record({ userId: req.user!.id, action: 'export', entity: 'executor_rating', detail: { format, filters: q, ...written }, ip: req.ip });
  });
  return { ratings: json, exports: files };
}
