import type { Router } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Telephony } from '../../../telephony';
import type { AuditService } from '../../audit/audit.service';
import type { LeaderCalls } from '../../cluster/leader-calls';
import { userRef } from '../../cluster/leader-operation';
import type { Realtime } from '../../realtime/gateway';
import type { Desks } from '../../agents/desks';
import { callIdSchema } from '../calls.schemas';
import { createRecordingRouter, createRequestRecordingsRouter } from './recording.router';
import { createRecordings } from './recording.service';
import { defaultRecordingSettings, type RecordingSettings } from './recording.settings';

export interface RecordingsModuleDeps {
  dataSource: DataSource;
  audit: AuditService;
  realtime: Realtime;
  telephony?: Telephony;
  log: Logger;
  leader: LeaderCalls;
  desks: Desks;
  settings?: Partial<RecordingSettings>;
}

const pauseArgs = z.object({ user: userRef, callId: callIdSchema.shape.callId, paused: z.boolean() });

/** The recordings room (calls/recording/): its events from the PBX, its leader operation, its routes under `/calls` and a request's recordings. */
export function mountRecordings(calls: Router, api: Router, deps: RecordingsModuleDeps) {
  const settings = { ...defaultRecordingSettings, ...deps.settings };
  // The agent talking on the call now: only they may pause its recording.
  const agentOf = (callId: string): number | null => {
    for (const [userId, desk] of deps.desks.entries()) if (desk.call.callId === callId && desk.call.state === 'answered') return userId;
    return null;
  };
  const recordings = createRecordings({ ...deps, settings, log: deps.log.child({ module: 'recordings' }), agentOf, telephony: deps.telephony });
  deps.leader.handle('recording.pause', {
    args: pauseArgs, users: { user: ['agent'] },
    run: ({ user, callId, paused }) => recordings.pause(user.id, callId, paused),
  });
  calls.use(createRecordingRouter({
    dataSource: deps.dataSource, audit: deps.audit, settings,
    pause: (user, callId, paused) => deps.leader.call<void>('recording.pause', { user, callId, paused }),
  }));
  api.use(createRequestRecordingsRouter(deps));
  return recordings;
}
