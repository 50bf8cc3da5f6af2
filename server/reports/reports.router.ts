import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { allow } from '../auth/auth.middleware';
import { streamDownload } from '../http/download-stream';
import { createReferenceChecks } from '../requests/reference-checks';
import { parse } from '../http/validate';
import { yearlyQuerySchema } from './reports.schemas';
import { yearlyReport } from './yearly.service';
import { writeYearlyPdf } from './yearly.pdf';
import { writeYearlyXlsx } from './yearly.xlsx';

/** The yearly report (supervisors and admins): JSON for the page, XLSX and PDF to hand over. */
export function createReportsRouter(dataSource: DataSource): Router {
  const router = Router();
  const may = allow('supervisor', 'admin');
  const checks = createReferenceChecks(dataSource);

  async function load(query: unknown) {
    const q = parse(yearlyQuerySchema, query);
    if (q.addressee) await checks.addressee(q.addressee, 'addressee');
    return yearlyReport(dataSource, q);
  }

  router.get('/yearly', may, async (req, res) => {
    res.json(await load(req.query));
  });

  router.get('/yearly.xlsx', may, async (req, res) => {
    const report = await load(req.query);
    res.attachment(`report-${report.year}.xlsx`).type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    await streamDownload(res, (out) => writeYearlyXlsx(report, out));
  });

  router.get('/yearly.pdf', may, async (req, res) => {
    const report = await load(req.query);
    res.attachment(`report-${report.year}.pdf`).type('application/pdf');
    await streamDownload(res, (out) => writeYearlyPdf(report, out));
  });
  return router;
}
