import { Router } from 'express';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { allow } from '../auth/auth.middleware';
import { parse } from '../http/validate';
import { createImportsRepository } from './imports.repository';
import { importFormSchema, importListSchema } from './imports.schemas';
import { runImport, type ImportSummary } from './imports.service';
import type { ImportLimits } from './limits';
import { receiveUpload, UPLOAD_ROOT } from './upload';

export interface ImportsOptions {
  /** Lower limits than IMPORT_LIMITS (tests reach them with small files). */
  limits?: Partial<ImportLimits>;
  /** Where uploads wait while they are imported (a folder per upload, named by the process). */
  uploadRoot?: string;
}

/** Fields of the error answer: one per bad cell, as the page lists them (capped: the record keeps the rest). */
const errorFields = (s: ImportSummary) =>
  Object.fromEntries(s.errors.slice(0, 200).map((e) => [`row ${e.row}: ${e.column}`, e.why]));

function rejectedMessage(s: ImportSummary): string {
  const more = s.moreErrors ? `, ${s.moreErrors} more` : '';
  if (s.stoppedAtRow === null) return `${s.rejected} rows are bad; nothing was written.`;
  return `The first ${s.errors.length} problems are listed${more}; reading stopped at row ${s.stoppedAtRow}, later rows were not checked. Nothing was written.`;
}

/** Files from 1545, the governor's hotline and the previous system: admins and supervisors bring them in. */
export function createImportsRouter(dataSource: DataSource, audit: AuditService, options: ImportsOptions = {}): Router {
  const router = Router();
  const may = allow('admin', 'supervisor');

  router.post('/', may, async (req, res) => {
    // A client that leaves stops its import: nobody would read the answer, and the file may be hours of work.
    const left = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) left.abort();
    });
    const upload = await receiveUpload(req, options.uploadRoot ?? UPLOAD_ROOT);
    try {
      const form = parse(importFormSchema, upload.fields);
      const user = req.user!;
      const summary = await runImport(dataSource, {
        format: form.format, path: upload.file.path, fileName: upload.file.name, fileHash: upload.file.hash, addressee: form.addressee, dryRun: form.dryRun,
        actor: { userId: user.id, name: user.username }, limits: options.limits, signal: left.signal,
      });
      await audit.record({ userId: user.id, action: 'import', entity: 'import', entityId: summary.id, detail: { outcome: summary.outcome, format: form.format }, ip: req.ip });
      // The file is personal data kept no longer than its import: gone before the answer says it is done.
      await upload.cleanup();
      if (summary.outcome === 'rejected') {
        res.status(400).json({ error: { code: 'rows_rejected', message: rejectedMessage(summary), fields: errorFields(summary) }, import: summary });
        return;
      }
      res.status(summary.dryRun ? 200 : 201).json(summary);
    } finally {
      await upload.cleanup();
    }
  });

  router.get('/', may, async (req, res) => {
    const { limit } = parse(importListSchema, req.query);
    res.json({ items: await createImportsRepository(dataSource).list(limit) });
  });
  return router;
}
