import { Router } from 'express';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { allow } from '../auth/auth.middleware';
import { parse } from '../http/validate';
import { dayParamSchema, erlangQuerySchema, exceptionDaySchema, forecastQuerySchema, manualLoadSchema, occupancyQuerySchema, rotaSchema } from './staffing.schemas';
import { occupancy, occupancyCsv } from './occupancy';
import { kyivMidnight, addDays } from './half-hours';
import { badRequest } from '../http/errors';
import * as staffing from './staffing.service';

/** `/api/staffing`: Erlang C/A, the forecast per half hour, the rota, and the days left out of the averages. */
export function createStaffingRouter(dataSource: DataSource, audit: AuditService): Router {
  const router = Router();
  const staff = allow('supervisor', 'admin');
  router.get('/erlang', staff, (req, res) => {
    res.json(staffing.erlangAnswer(parse(erlangQuerySchema, req.query)));
  });
  router.get('/forecast', staff, async (req, res) => {
    res.json(await staffing.forecastAnswer(dataSource, parse(forecastQuerySchema, req.query)));
  });
  router.put('/rota', staff, async (req, res) => {
    const input = parse(rotaSchema, req.body);
    const saved = await staffing.saveRota(dataSource, input, req.user!.id);
    await audit.record({ userId: req.user!.id, action: 'update', entity: 'staffing_rota', entityId: input.queue, detail: { slots: input.slots.length }, ip: req.ip });
    res.json(saved);
  });
  router.put('/manual-load', staff, async (req, res) => {
    const input = parse(manualLoadSchema, req.body);
    const saved = await staffing.saveManualLoad(dataSource, input, req.user!.id);
    await audit.record({ userId: req.user!.id, action: 'update', entity: 'staffing_manual_load', entityId: input.queue, detail: { slots: input.slots.length }, ip: req.ip });
    res.json(saved);
  });
  router.get('/occupancy', staff, async (req, res) => {
    const q = parse(occupancyQuerySchema, req.query);
    // A day is a Kyiv day (`to` included); a date-time is that instant.
    const from = /^\d{4}-\d{2}-\d{2}$/.test(q.from) ? kyivMidnight(q.from) : new Date(q.from);
    const to = /^\d{4}-\d{2}-\d{2}$/.test(q.to) ? kyivMidnight(addDays(q.to, 1)) : new Date(q.to);
    if (to <= from) throw badRequest('The period ends before it starts.', { to: 'must be after from' });
    const result = await occupancy(dataSource, from, to);
    if (q.format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment('occupancy.csv').send(occupancyCsv(result));
      return;
    }
    res.json({ from: from.toISOString(), to: to.toISOString(), ...result });
  });
  router.get('/exception-days', staff, async (_req, res) => {
    res.json({ items: await staffing.listExceptionDays(dataSource) });
  });
  router.put('/exception-days/:day', staff, async (req, res) => {
    const { day } = parse(dayParamSchema, req.params);
    const { reason } = parse(exceptionDaySchema, req.body);
    const saved = await staffing.markExceptionDay(dataSource, day, reason, req.user!.id);
    await audit.record({ userId: req.user!.id, action: 'update', entity: 'staffing_exception_day', entityId: day, detail: { reason }, ip: req.ip });
    res.json(saved);
  });
  router.delete('/exception-days/:day', staff, async (req, res) => {
    const { day } = parse(dayParamSchema, req.params);
    await staffing.unmarkExceptionDay(dataSource, day);
    await audit.record({ userId: req.user!.id, action: 'delete', entity: 'staffing_exception_day', entityId: day, detail: {}, ip: req.ip });
    res.status(204).end();
  });
  return router;
}
