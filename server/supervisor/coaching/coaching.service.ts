import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Telephony } from '../../../telephony';
import type { AuditService } from '../../audit/audit.service';
import type { AuthUser } from '../../auth/auth.types';
import { conflict, notFound, unavailable } from '../../http/errors';
import type { LiveCalls } from '../../calls/live-calls';
import type { SpyMode } from './coaching.schemas';
import type { CoachingSessionView } from '../../realtime/contract';

/** ChanSpy's options: `q` no beep, `E` leave when the agent's channel goes; `w` whisper to the agent, `B` barge in. */
const FLAGS: Record<SpyMode, string> = { listen: 'qE', whisper: 'qEw', barge: 'qEB' };

export interface CoachingDeps {
  telephony?: Telephony;
  live: LiveCalls;
  audit: AuditService;
  log: Logger;
  /** The supervisor's own leg (ORIGINATE_CHANNEL with their interface). */
  channel(iface: string): string;
  /** COACHING_VISIBLE: the agent sees a "supervisor listening" badge (coach:started / coach:ended). */
  visible: boolean;
  notify(agentUserId: number, event: 'coach:started' | 'coach:ended', payload: { sessionId: string; mode: SpyMode }): void;
  /** The supervisor's own consoles follow their session (`coach:session`): it can end without them (no answer, hang-up). */
  report(supervisorId: number, payload: { session: CoachingSessionView | null; reason?: string }): void;
}

interface Session {
  id: string;
  supervisorId: number;
  supervisorInterface: string;
  agentUserId: number;
  callId: string;
  mode: SpyMode;
  /** The supervisor's leg now running ChanSpy (a new one after each switch of mode). */
  channelId: string;
  startedAt: number | null;
}

/**
 * Listen, whisper, barge: the server originates the supervisor's own phone into ChanSpy on the agent's leg.
 * A switch of mode is a new leg (the old one hung up first). Each session is audited with its duration.
 */
export function createCoaching(deps: CoachingDeps) {
  const sessions = new Map<string, Session>();
  const byLeg = new Map<string, Session>();

  function telephonyUp(): Telephony {
    if (!deps.telephony || deps.telephony.status().state !== 'connected') throw unavailable('telephony_unavailable', 'The phone system is not reachable right now.');
    return deps.telephony;
  }

  function agentLeg(telephony: Telephony, agentUserId: number): { callId: string; channel: string } {
    const desk = deps.live.desks.get(agentUserId);
    const channel = desk?.call.state === 'answered' ? telephony.transferLegs(desk.call.callId).agent : null;
    if (!desk || !channel) throw conflict('agent_not_on_call', 'That agent is not talking to a caller right now.');
    return { callId: desk.call.callId, channel };
  }

  const view = (s: Session): CoachingSessionView => ({
    sessionId: s.id, agentUserId: s.agentUserId, mode: s.mode, since: s.startedAt === null ? null : new Date(s.startedAt).toISOString(),
  });
  const report = (session: Session) => deps.report(session.supervisorId, { session: view(session) });

  function end(session: Session, reason: string): void {
    if (!sessions.delete(session.id)) return;
    deps.report(session.supervisorId, { session: null, reason });
    byLeg.delete(session.channelId);
    const durationSeconds = session.startedAt ? Math.round((Date.now() - session.startedAt) / 1000) : 0;
    void deps.audit.record({ userId: session.supervisorId, action: 'coach', entity: 'call', entityId: session.callId, detail: { sessionId: session.id, agentUserId: session.agentUserId, mode: session.mode, durationSeconds, reason } })
      .catch((error: unknown) => deps.log.warn({ err: error }, 'coaching session not audited'));
    if (session.startedAt && deps.visible) deps.notify(session.agentUserId, 'coach:ended', { sessionId: session.id, mode: session.mode });
  }

  function dial(telephony: Telephony, session: Session, spied: string): void {
    const channelId = randomUUID();
    byLeg.delete(session.channelId);
    session.channelId = channelId;
    byLeg.set(channelId, session);
    telephony
      .originate({ channel: deps.channel(session.supervisorInterface), application: 'ChanSpy', data: `${spied},${FLAGS[session.mode]}`, callerId: 'Coaching', channelId, timeoutMs: 20_000 })
      .then((result) => {
        if (session.channelId !== channelId) return;
        if (!result.success) return end(session, 'supervisor_no_answer');
        session.startedAt ??= Date.now();
        report(session);
        if (deps.visible) deps.notify(session.agentUserId, 'coach:started', { sessionId: session.id, mode: session.mode });
      })
      .catch((error: Error) => {
        deps.log.warn({ err: error, sessionId: session.id }, 'coaching leg refused');
        if (session.channelId === channelId) end(session, 'refused');
      });
  }

  const unsubscribe = deps.telephony?.onEvent((e) => {
    // The supervisor's leg went (their phone, ChanSpy's E when the agent hung up, our hang-up): the session ends.
    if (e.name === 'channel:hangup') {
      const session = byLeg.get(e.channelId);
      // Before it was answered the Originate's outcome says why (no answer, busy).
      if (session?.startedAt) end(session, 'hung_up');
    }
  });

  function own(user: AuthUser, sessionId: string): Session {
    const session = sessions.get(sessionId);
    if (!session || (session.supervisorId !== user.id && user.role !== 'admin')) throw notFound('Coaching session');
    return session;
  }

  return {
    start(user: AuthUser, input: { agentUserId: number; mode: SpyMode }): { sessionId: string } {
      if (!user.interface) throw conflict('no_interface', 'You have no phone (interface) to listen from.');
      const telephony = telephonyUp();
      const { callId, channel } = agentLeg(telephony, input.agentUserId);
      if ([...sessions.values()].some((s) => s.supervisorId === user.id)) throw conflict('spy_in_progress', 'End your coaching session first.');
      const session: Session = { id: randomUUID(), supervisorId: user.id, supervisorInterface: user.interface, agentUserId: input.agentUserId, callId, mode: input.mode, channelId: '', startedAt: null };
      sessions.set(session.id, session);
      dial(telephony, session, channel);
      report(session);
      return { sessionId: session.id };
    },
    /** The session this supervisor runs now (a reloaded page picks it up). */
    mine(user: AuthUser): { session: CoachingSessionView | null } {
      const session = [...sessions.values()].find((s) => s.supervisorId === user.id);
      return { session: session ? view(session) : null };
    },
    async switchMode(user: AuthUser, sessionId: string, mode: SpyMode): Promise<{ sessionId: string; mode: SpyMode }> {
      const session = own(user, sessionId);
      const telephony = telephonyUp();
      const { channel } = agentLeg(telephony, session.agentUserId);
      if (mode === session.mode) return { sessionId, mode };
      const old = session.channelId;
      session.mode = mode;
      dial(telephony, session, channel);
      report(session);
      await telephony.hangupCall(old).catch(() => false);
      return { sessionId, mode };
    },
    async stop(user: AuthUser, sessionId: string): Promise<void> {
      const session = own(user, sessionId);
      const telephony = telephonyUp();
      end(session, 'stopped');
      await telephony.hangupCall(session.channelId).catch(() => false);
    },
    close: () => unsubscribe?.(),
  };
}
export type Coaching = ReturnType<typeof createCoaching>;
