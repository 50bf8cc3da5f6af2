import type { Router } from 'express';
import type { DataSource } from 'typeorm';
import type { Telephony } from '../../../telephony';
import type { AuditService } from '../../audit/audit.service';
import type { Realtime } from '../../realtime/gateway';
import { createWorklistRouter } from './abandoned.router';
import { createWorklistService } from './abandoned.service';
import { createWorklistNotifier } from './worklist-notifier';

/** The abandoned-caller worklist: `/abandoned` and the `worklist:changed` nudge to staff consoles. */
export function mountWorklist(api: Router, deps: {
  dataSource: DataSource; audit: AuditService; realtime: Realtime; telephony?: Telephony; notifyDelayMs?: number;
  /** A callback classified by its outcome: the agent's wrap-up is over. */
  onClassified?(userId: number, callId: string): void;
}) {
  const notifier = createWorklistNotifier({ realtime: deps.realtime, telephony: deps.telephony, delayMs: deps.notifyDelayMs });
  const service = createWorklistService({ dataSource: deps.dataSource, audit: deps.audit, notifier, onClassified: deps.onClassified });
  api.use('/abandoned', createWorklistRouter(service));
  return { service, stop: notifier.stop };
}
