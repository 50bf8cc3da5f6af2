import { Router, type Response } from 'express';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../../audit/audit.service';
import type { AuthUser } from '../../auth/auth.types';
import { allow } from '../../auth/auth.middleware';
import { AppError, forbidden } from '../../http/errors';
import { parse } from '../../http/validate';
import { callIdSchema, citizenIdSchema } from '../calls.schemas';
import type { RecordingSettings } from './recording.settings';
import { recordingPath } from './recording-folder';
import { findRecording, recordingEvent, recordingTimeline, requestRecordings, type RecordingRow } from './recording.repository';
import { recordingActionSchema, recordingQuerySchema } from './recording.schemas';

export interface RecordingRouterDeps {
  dataSource: DataSource;
  audit: AuditService;
  settings: RecordingSettings;
  /** Runs on the AMI leader (it knows who has the call): pause or resume. */
  pause(user: AuthUser, callId: string, paused: boolean): Promise<void>;
}

const noRecording = (reason: string, message: string) => new AppError(404, 'no_recording', message, { reason });

/** Why there is nothing to play, in the error's `fields.reason`. */
function playable(row: RecordingRow | null): RecordingRow {
  if (!row) throw noRecording('not_recorded', 'This call was not recorded.');
  if (row.state === 'recording') throw noRecording('in_progress', 'The call is still being recorded.');
  if (row.state === 'failed') throw noRecording(row.failure ?? 'failed', `The recording failed (${row.failure ?? 'unknown'}); the call went on unrecorded.`);
  if (row.state === 'deleted') throw noRecording('deleted', 'The recording was deleted when its retention ended.');
  return row;
}

/** Supervisors and admins hear any call; an agent only their own, of their shift, when the city allows it. */
function mayHear(user: AuthUser, row: RecordingRow, settings: RecordingSettings, now = Date.now()): boolean {
  if (user.role === 'supervisor' || user.role === 'admin') return true;
  if (user.role !== 'agent' || settings.agentOwnHours <= 0 || row.agentUserId !== user.id) return false;
  const ended = row.callEndedAt ?? row.endedAt;
  return !!ended && now - ended.getTime() <= settings.agentOwnHours * 3_600_000;
}

function send(res: Response, file: string, download: boolean, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const headers = { 'Cache-Control': 'private, no-store', 'Content-Type': 'audio/wav' };
    const done = (error?: Error) => {
      if (!error) return resolve();
      // The row says available but the file is gone (removed by hand, a mount lost): say so, do not crash.
      if (!res.headersSent && (error as NodeJS.ErrnoException).code === 'ENOENT') return reject(noRecording('file_missing', 'The recording\'s file is not in the recordings folder.'));
      reject(error);
    };
    if (download) res.download(file, name, { headers }, done);
    else res.sendFile(file, { headers, acceptRanges: true, dotfiles: 'deny' }, done);
  });
}

/** `GET /requests/:id/recordings`: the request's calls and their recordings (supervisors and admins play them there). */
export function createRequestRecordingsRouter(deps: Pick<RecordingRouterDeps, 'dataSource'>): Router {
  const router = Router();
  router.get('/requests/:id/recordings', allow('supervisor', 'admin'), async (req, res) => {
    const { id } = parse(citizenIdSchema, req.params);
    res.json({ items: await requestRecordings(deps.dataSource, id) });
  });
  return router;
}

/** `/calls/:callId/recording`: pause / resume (the agent on the call) and the audio (audited, every read). */
export function createRecordingRouter(deps: RecordingRouterDeps): Router {
  const router = Router();
  router.post('/:callId/recording', allow('agent'), async (req, res) => {
    const { callId } = parse(callIdSchema, req.params);
    const { action } = parse(recordingActionSchema, req.body);
    await deps.pause(req.user!, callId, action === 'pause');
    res.status(204).end();
  });
  router.get('/:callId/recording', allow('agent', 'supervisor', 'admin'), async (req, res) => {
    const { callId } = parse(callIdSchema, req.params);
    const download = ['1', 'true'].includes(parse(recordingQuerySchema, req.query).download ?? '');
    const row = playable(await findRecording(deps.dataSource, callId));
    if (!mayHear(req.user!, row, deps.settings) || (download && req.user!.role !== 'admin')) throw forbidden();
    const action = download ? 'download' : 'play';
    // Audited before a byte leaves: a read that was cut short was still a read.
    await deps.audit.record({ userId: req.user!.id, action: `recording_${action}`, entity: 'call', entityId: callId, detail: { range: req.headers.range ?? null }, ip: req.ip });
    await recordingEvent(deps.dataSource, { callId, action: download ? 'downloaded' : 'played', userId: req.user!.id });
    await send(res, recordingPath(deps.settings.dir, row.file), download, row.file);
  });
  router.get('/:callId/recording/timeline', allow('supervisor', 'admin'), async (req, res) => {
    const { callId } = parse(callIdSchema, req.params);
    res.json({ items: await recordingTimeline(deps.dataSource, callId) });
  });
  return router;
}
