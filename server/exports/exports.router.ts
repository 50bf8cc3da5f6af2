import { Router, type Request } from 'express';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { allow } from '../auth/auth.middleware';
import { parse } from '../http/validate';
import { listQuerySql } from '../requests/requests.search';
import { REQUEST_COLUMNS, REQUEST_FROM, type RequestRow } from '../requests/requests.repository';
import { auditColumns, callColumns, requestColumns, viewOf, type AuditRow, type CallRow } from './columns';
import { cursorBatches } from './cursor';
import type { ExportSlots } from './export-slots';
import { auditExportSchema, callsExportSchema, formatSchema, requestsExportSchema } from './exports.schemas';
import { writeTable } from './table-writer';

async function* mapped<A, B>(batches: AsyncIterable<A[]>, fn: (a: A) => B): AsyncGenerator<B[]> {
  for await (const rows of batches) yield rows.map(fn);
}

/**
 * Every console list to CSV (UTF-8 BOM, `;`) or XLSX with the list's own filters, streamed without a page
 * limit: `/exports/requests.csv?status=…` (the requests, overdue and callback lists), `/exports/audit.xlsx`,
 * `/exports/calls.csv`. Whole lists of personal data are for supervisors and admins, an executor's for its
 * organisation's requests; agents read their lists a page at a time. Every export is audited, a cut one too.
 */
export function createExportsRouter(dataSource: DataSource, audit: AuditService, slots: ExportSlots, callbackRetryMinutes = 120): Router {
  const router = Router();
  const format = (req: Request) => parse(formatSchema, req.params).format;

  router.get('/requests.:format', allow('supervisor', 'admin', 'executor'), async (req, res) => {
    const fmt = format(req);
    const q = parse(requestsExportSchema, req.query);
    const user = req.user!;
    const { where, args, order } = await listQuerySql(dataSource, q, user, callbackRetryMinutes);
    const rows = slots.hold(user.id, cursorBatches<RequestRow>(dataSource, `SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM} ${where} ORDER BY ${order}`, args));
    const written = await writeTable(res, fmt, 'requests', requestColumns(), mapped(rows, viewOf(user, new Date())));
    const { page: _page, pageSize: _size, ...filters } = q;
    await audit.record({ userId: user.id, action: 'export', entity: 'request', detail: { format: fmt, filters, ...written }, ip: req.ip });
  });

  router.get('/audit.:format', allow('admin'), async (req, res) => {
    const fmt = format(req);
    const q = parse(auditExportSchema, req.query);
    const rows = slots.hold(req.user!.id, cursorBatches<AuditRow>(dataSource, `
      SELECT a.id::int, a.at, u.username, a.action, a.entity, a.entity_id AS "entityId", a.ip, a.detail
        FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
       WHERE ($1::text IS NULL OR a.entity = $1) AND ($2::text IS NULL OR a.entity_id = $2) AND ($3::int IS NULL OR a.user_id = $3)
       ORDER BY a.id DESC`, [q.entity ?? null, q.entityId ?? null, q.userId ?? null]));
    const written = await writeTable(res, fmt, 'audit', auditColumns(), rows);
    await audit.record({ userId: req.user!.id, action: 'export', entity: 'audit', detail: { format: fmt, filters: q, ...written }, ip: req.ip });
  });

  // Callers' numbers and names: an agent reads their own calls a page at a time (`GET /calls/mine`).
  router.get('/calls.:format', allow('supervisor', 'admin'), async (req, res) => {
    const fmt = format(req);
    const q = parse(callsExportSchema, req.query);
    const user = req.user!;
    const rows = slots.hold(user.id, cursorBatches<CallRow>(dataSource, `
      SELECT c.id, c.queued_at AS "queuedAt", c.direction, c.caller_number AS "callerNumber", c.caller_name AS "callerName", c.queue,
             u.username AS agent, c.outcome, c.talk_seconds AS "talkSeconds", c.wrap_up_kind AS "wrapUp", c.wrap_up_topic_code AS topic
        FROM calls c LEFT JOIN users u ON u.id = c.agent_user_id
       WHERE ($1::date IS NULL OR c.queued_at >= ($1::date::timestamp AT TIME ZONE 'Europe/Kyiv'))
         AND ($2::date IS NULL OR c.queued_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/Kyiv'))
       ORDER BY c.queued_at DESC NULLS LAST, c.id`, [q.from ?? null, q.to ?? null]));
    const written = await writeTable(res, fmt, 'calls', callColumns(), rows);
    await audit.record({ userId: user.id, action: 'export', entity: 'call', detail: { format: fmt, filters: q, ...written }, ip: req.ip });
  });
  return router;
}
