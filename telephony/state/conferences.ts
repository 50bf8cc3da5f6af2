import type { ConferenceEvent, ConferenceParticipant, ConferenceSnapshot, TelephonyEvent } from '../events';

/** ConfBridge rooms and who is in them, by channel Uniqueid. */
export class ConferenceBook {
  private readonly rooms = new Map<string, Map<string, ConferenceParticipant>>();

  private room(name: string): Map<string, ConferenceParticipant> {
    let room = this.rooms.get(name);
    if (!room) {
      room = new Map();
      this.rooms.set(name, room);
    }
    return room;
  }

  apply(e: ConferenceEvent): TelephonyEvent[] {
    switch (e.name) {
      case 'conference:started':
        if (this.rooms.has(e.room)) return [];
        this.room(e.room);
        return [e];
      case 'conference:joined': {
        const room = this.room(e.room);
        if (room.has(e.channelId)) return [];
        room.set(e.channelId, { channel: e.channel, channelId: e.channelId, callerNumber: e.callerNumber, admin: e.admin, muted: e.muted, talking: false });
        return [e];
      }
      case 'conference:left':
        return this.rooms.get(e.room)?.delete(e.channelId) ? [e] : [];
      case 'conference:talking':
      case 'conference:muted': {
        const participant = this.rooms.get(e.room)?.get(e.channelId);
        if (!participant) return [];
        const key = e.name === 'conference:talking' ? 'talking' : 'muted';
        const value = e.name === 'conference:talking' ? e.talking : e.muted;
        if (participant[key] === value) return [];
        participant[key] = value;
        return [e];
      }
      case 'conference:ended':
        return this.rooms.delete(e.room) ? [e] : [];
      default:
        return e satisfies never;
    }
  }

  clear(): void {
    this.rooms.clear();
  }

  /** Resync: rooms rebuilt from the channels running ConfBridge; known flags survive. */
  replace(participants: Array<{ room: string; participant: ConferenceParticipant }>): void {
    const previous = new Map([...this.rooms.values()].flatMap((room) => [...room]));
    this.rooms.clear();
    for (const { room, participant } of participants) {
      this.room(room).set(participant.channelId, { ...participant, ...previous.get(participant.channelId) });
    }
  }

  snapshot(): ConferenceSnapshot[] {
    return [...this.rooms].map(([room, participants]) => ({ room, participants: [...participants.values()].map((p) => ({ ...p })) }));
  }
}
