import type { DataSource } from 'typeorm';
import type { ConferenceParticipant, TelephonyEvent } from '../../telephony';
import type { AuthUser } from '../auth/auth.types';
import type { ConsultationPanel } from '../realtime/contract';
import type { Realtime, RealtimeSocket } from '../realtime/gateway';
import { maskNumber } from './consultation.view';
import type { ConsultationsRepository } from './consultations.repository';

interface Flags {
  muted: boolean;
  talking: boolean;
  /** When the leg last started talking: the newest talker is "the citizen now speaking". */
  since: number;
}

export const panelRoom = (id: number) => `consultation:${id}`;

/** `answered` is no failure: a leg that answered and then left has no reason to show. */
const failureReason = (outcome: string | null) => (outcome === 'answered' ? null : outcome);

/** Mute and talk flags by channel (events, or ConfbridgeList after a resync) and the panel built from them. */
export function createLivePanel(deps: { dataSource: DataSource; repo: ConsultationsRepository; realtime: Realtime }) {
  const { dataSource, repo } = deps;
  const flags = new Map<string, Flags>();
  let tick = 0;

  async function build(id: number, viewer: AuthUser): Promise<ConsultationPanel | null> {
    const c = await repo.byId(dataSource, id);
    if (!c) return null;
    const participants = new Map((await repo.participants(dataSource, id)).map((p) => [p.id, p]));
    const legs = await repo.legs(dataSource, id);
    const official = viewer.role === 'official';
    const view = legs.map((l) => {
      const p = l.participantId ? participants.get(l.participantId) : undefined;
      const f = l.state === 'joined' ? flags.get(l.channelId) : undefined;
      // Between attempts the leg is not ringing: the organiser sees that it failed, why, and when it is tried again.
      const retrying = l.state === 'dialing' && l.retryAt !== null;
      return {
        id: l.id, who: l.who, number: official && l.who !== 'official' ? maskNumber(l.number) : l.number, state: retrying ? 'failed' as const : l.state, direction: l.direction,
        retryAt: retrying ? l.retryAt!.toISOString() : null, reason: l.state === 'joined' || (l.state === 'dialing' && !retrying) ? null : failureReason(l.lastOutcome),
        participantId: l.participantId, name: l.who === 'official' ? c.officialName : p && (!official || !p.confidential) ? p.fullName : null,
        question: p?.question ?? null, attempts: l.attempts, muted: f?.muted ?? false, talking: f?.talking ?? false, joinedAt: l.joinedAt?.toISOString() ?? null,
        since: f?.talking ? f.since : -1,
      };
    });
    const talker = view.filter((l) => l.talking && l.who !== 'official').sort((a, b) => b.since - a.since)[0];
    const dialled = new Set(legs.map((l) => l.participantId));
    return {
      id, status: c.status, room: c.room, alert: c.alert, startedAt: c.startedAt?.toISOString() ?? null,
      legs: view.map(({ since: _since, ...l }) => l),
      speaking: talker ? { legId: talker.id, participantId: talker.participantId, name: talker.name, question: talker.question } : null,
      waiting: [...participants.keys()].filter((pid) => !dialled.has(pid)).length,
    };
  }

  return {
    build,

    onEvent(e: TelephonyEvent): boolean {
      switch (e.name) {
        case 'conference:joined':
          flags.set(e.channelId, { muted: e.muted, talking: false, since: -1 });
          return true;
        case 'conference:left':
          return flags.delete(e.channelId);
        case 'conference:talking':
        case 'conference:muted': {
          const f = flags.get(e.channelId) ?? { muted: false, talking: false, since: -1 };
          if (e.name === 'conference:muted') f.muted = e.muted;
          else Object.assign(f, { talking: e.talking, since: e.talking ? ++tick : f.since });
          flags.set(e.channelId, f);
          return true;
        }
        default:
          return false;
      }
    },

    /** After an AMI reconnect: the flags as ConfbridgeList reports them, not as we last heard. */
    replaceRoom(present: ConferenceParticipant[]): void {
      for (const p of present) flags.set(p.channelId, { muted: p.muted, talking: p.talking, since: p.talking ? ++tick : -1 });
    },

    async push(id: number): Promise<void> {
      const sockets = await deps.realtime.io.in(panelRoom(id)).fetchSockets();
      const byRole = new Map<string, ConsultationPanel | null>();
      for (const s of sockets) {
        const key = s.data.user.role === 'official' ? 'official' : 'staff';
        if (!byRole.has(key)) byRole.set(key, await build(id, s.data.user));
        const panel = byRole.get(key);
        if (panel) s.emit('consultation:panel', panel);
      }
    },

    async watch(socket: RealtimeSocket, id: number): Promise<ConsultationPanel | null> {
      const panel = await build(id, socket.data.user);
      if (panel) await socket.join(panelRoom(id));
      return panel;
    },

    async unwatch(socket: RealtimeSocket, id: number): Promise<void> {
      await socket.leave(panelRoom(id));
    },
  };
}
export type LivePanel = ReturnType<typeof createLivePanel>;
