import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Telephony, TelephonyEvent } from '../../../telephony';
import { rooms, type Realtime } from '../../realtime/gateway';
import type { RecordingChange } from '../../realtime/contract';
import { conflict, unavailable } from '../../http/errors';
import { createKeyedSerial } from '../keyed-serial';
import type { RecordingSettings } from './recording.settings';
import { folderFault, recordingFile, recordingPath, wavFacts } from './recording-folder';
import { findRecording, recordingAvailable, recordingEvent, recordingFailed, recordingStarted, setPaused } from './recording.repository';

export interface RecordingsDeps {
  dataSource: DataSource;
  telephony: Telephony | undefined;
  realtime: Realtime;
  settings: RecordingSettings;
  log: Logger;
  /** Which agent has the call on their desk now (the leader's desks): only they pause it. */
  agentOf(callId: string): number | null;
  /** How long the file may take to appear after the call ended (Asterisk closes it as the channel goes). */
  fileWait?: { tries: number; everyMs: number };
}

/**
 * Recordings of calls: started when an agent answers (RECORDINGS_START=server) or followed when the dialplan
 * started them, paused and resumed by the agent on the call, closed when the call ends, when the file is
 * checked. Whatever goes wrong, the call goes on unrecorded and supervisors are told why.
 */
export function createRecordings(deps: RecordingsDeps) {
  const { dataSource, telephony, realtime, settings, log } = deps;
  const lanes = createKeyedSerial((error, key) => log.error({ err: error, key }, 'recording handler failed'));
  const agents = new Map<string, number>();
  const fileWait = deps.fileWait ?? { tries: 20, everyMs: 250 };

  function tell(change: RecordingChange): void {
    const agent = agents.get(change.callId) ?? deps.agentOf(change.callId);
    const target = agent ? realtime.io.to(rooms.supervisors).to(rooms.user(agent)) : realtime.io.to(rooms.supervisors);
    target.emit('recording:changed', change);
  }

  async function fail(callId: string, fault: NonNullable<RecordingChange['fault']>, at: string): Promise<void> {
    await recordingFailed(dataSource, callId, recordingFile(callId), at, fault);
    await recordingEvent(dataSource, { callId, action: 'failed', at, details: { fault } });
    log.warn({ callId, fault }, 'call not recorded');
    tell({ callId, state: 'failed', paused: false, fault, at });
  }

  async function start(callId: string, at: string): Promise<void> {
    if (!telephony) return;
    const fault = await folderFault(settings.dir, settings.minFreeMb);
    if (fault) return fail(callId, fault, at);
    try {
      // false: the call ended before the PBX got the action; there was nothing left to record.
      await telephony.startRecording(callId, recordingFile(callId));
    } catch (error) {
      log.warn({ err: error, callId }, 'MixMonitor refused');
      await fail(callId, 'pbx_refused', at);
    }
  }

  /** The call is over: the file is the recording, or there is none (the PBX could not write it). */
  async function finish(callId: string, at: string): Promise<void> {
    const row = await findRecording(dataSource, callId);
    if (!row || row.state !== 'recording') return;
    for (let i = 0; i < fileWait.tries; i++) {
      const facts = await wavFacts(recordingPath(settings.dir, row.file));
      if (facts) {
        await recordingAvailable(dataSource, callId, at, facts);
        await recordingEvent(dataSource, { callId, action: 'available', at, details: { durationSeconds: facts.durationSeconds } });
        tell({ callId, state: 'available', paused: false, at });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, fileWait.everyMs));
    }
    await fail(callId, 'file_missing', at);
  }

  const wanted = (direction: 'in' | 'out') => settings.start === 'server' && (settings.mode === 'all' || (settings.mode === 'queues' && direction === 'in'));

  function onEvent(e: TelephonyEvent): void {
    const lane = (callId: string, task: () => Promise<void>) => void lanes.run(callId, task);
    switch (e.name) {
      case 'call:answered':
        if (wanted('in')) lane(e.callId, () => start(e.callId, e.at));
        break;
      case 'call:dialled':
        if (e.status === 'answered' && wanted('out')) lane(e.callId, () => start(e.callId, e.at));
        break;
      case 'recording:started':
        lane(e.callId, async () => {
          await recordingStarted(dataSource, e.callId, recordingFile(e.callId), e.at);
          await recordingEvent(dataSource, { callId: e.callId, action: 'started', at: e.at });
          tell({ callId: e.callId, state: 'recording', paused: false, at: e.at });
        });
        break;
      case 'recording:muted':
        lane(e.callId, async () => {
          await setPaused(dataSource, e.callId, e.muted);
          tell({ callId: e.callId, state: 'recording', paused: e.muted, at: e.at });
        });
        break;
      case 'recording:stopped':
      case 'call:ended':
        lane(e.callId, () => finish(e.callId, e.at).finally(() => agents.delete(e.callId)));
        break;
      default:
        break;
    }
  }

  /**
   * After a (re)connect: recordings left open for calls the PBX no longer has (they ended while this server was
   * down or the link lost) are closed from their files now, not left "recording" for ever.
   */
  async function closeVanished(liveCallIds: Set<string>, at: string): Promise<void> {
    const open: { callId: string }[] = await dataSource.query(`SELECT call_id AS "callId" FROM recordings WHERE state = 'recording'`);
    for (const { callId } of open) if (!liveCallIds.has(callId)) void lanes.run(callId, () => finish(callId, at));
  }

  const off = telephony?.onEvent(onEvent);
  const offResync = telephony?.onResync((snapshot) => {
    void closeVanished(new Set(snapshot.calls.map((c) => c.callId)), new Date().toISOString())
      .catch((error: unknown) => log.warn({ err: error }, 'open recordings not checked after a resync'));
  });

  return {
    /** The agent on the call pauses (a citizen dictates personal data) or resumes its recording. */
    async pause(userId: number, callId: string, paused: boolean): Promise<void> {
      if (deps.agentOf(callId) !== userId) throw conflict('not_your_call', 'Only the agent on the call may pause or resume its recording.');
      agents.set(callId, userId);
      const row = await findRecording(dataSource, callId);
      if (!row || row.state !== 'recording') throw conflict('not_recording', 'This call is not being recorded.');
      if (!telephony || telephony.status().state !== 'connected') throw unavailable('telephony_unavailable', 'The phone system is not reachable right now.');
      if (!(await telephony.muteRecording(callId, paused))) throw conflict('not_recording', 'The call is over.');
      await recordingEvent(dataSource, { callId, action: paused ? 'paused' : 'resumed', userId });
    },
    idle: () => lanes.idle(),
    stop(): void {
      off?.();
      offResync?.();
    },
  };
}
export type Recordings = ReturnType<typeof createRecordings>;
