import type { Pbx } from './pbx';
import type { SimChannel } from './model';
import type { Fields } from './wire';
import { channelFields } from './model';

interface Participant {
  channel: SimChannel;
  admin: boolean;
  marked: boolean;
  muted: boolean;
  talking: boolean;
  joinedAt: number;
}

interface Room {
  name: string;
  bridgeId: string;
  participants: Map<string, Participant>;
}

/** ConfBridge rooms as confbridge.conf sets them up: officials are marked admins, citizens end with them. */
export class ConferenceEngine {
  readonly rooms = new Map<string, Room>();
  private counter = 0;

  constructor(private readonly pbx: Pbx) {}

  private bridgeFields(room: Room): Fields {
    return [
      ['Conference', room.name],
      ['BridgeUniqueid', room.bridgeId],
      ['BridgeType', 'base'],
      ['BridgeTechnology', 'softmix'],
      ['BridgeCreator', 'ConfBridge'],
      ['BridgeName', room.name],
      ['BridgeNumChannels', room.participants.size],
      ['BridgeVideoSourceMode', 'none'],
    ];
  }

  join(channel: SimChannel, roomName: string, official: boolean): void {
    let room = this.rooms.get(roomName);
    if (!room) {
      room = { name: roomName, bridgeId: `conf-${this.pbx.epoch}-${++this.counter}`, participants: new Map() };
      this.rooms.set(roomName, room);
      this.pbx.emit('ConfbridgeStart', 'call', this.bridgeFields(room));
    }
    Object.assign(channel, { application: 'ConfBridge', applicationData: `${roomName},consult_bridge,${official ? 'official' : 'citizen'}_user`, bridgeId: room.bridgeId });
    room.participants.set(channel.uniqueid, { channel, admin: official, marked: official, muted: false, talking: false, joinedAt: this.pbx.clock.now() });
    this.pbx.emit('ConfbridgeJoin', 'call', [...this.bridgeFields(room), ...channelFields(channel), ['Admin', official ? 'Yes' : 'No'], ['Muted', 'No']]);
  }

  /**
   * A citizen dials a room from outside (extensions.conf `[consult-dialin]`): answered, asked for the PIN,
   * let in when it matches the room's `CONSULT_PIN_<room>` global, hung up otherwise.
   */
  dialIn(from: string, roomName: string, pin: string): { channelId: string; admitted: boolean } {
    const channel = this.pbx.newChannel({ name: `PJSIP/trunk-${this.pbx.channelSuffix()}`, callerNum: from, context: 'consult-dialin', exten: roomName });
    this.pbx.setState(channel, 4);
    this.pbx.setState(channel, 6);
    const expected = this.pbx.globals.get(`CONSULT_PIN_${roomName}`) ?? '';
    if (expected === '' || expected !== pin) {
      this.pbx.hangup(channel);
      return { channelId: channel.uniqueid, admitted: false };
    }
    this.join(channel, roomName, false);
    return { channelId: channel.uniqueid, admitted: true };
  }

  roomOf(channel: SimChannel): Room | null {
    for (const room of this.rooms.values()) if (room.participants.has(channel.uniqueid)) return room;
    return null;
  }

  /** A participant leaves (hangs up or is kicked); the channel hangs up; an empty room ends. */
  leave(channel: SimChannel): void {
    const room = this.roomOf(channel);
    const participant = room?.participants.get(channel.uniqueid);
    if (!room || !participant) return;
    room.participants.delete(channel.uniqueid);
    channel.bridgeId = '';
    this.pbx.emit('ConfbridgeLeave', 'call', [...this.bridgeFields(room), ...channelFields(channel), ['Admin', participant.admin ? 'Yes' : 'No']]);
    this.pbx.hangup(channel);
    // end_marked=yes: citizens are sent away when the last official leaves.
    if (participant.marked && ![...room.participants.values()].some((p) => p.marked)) {
      for (const p of [...room.participants.values()]) this.leave(p.channel);
    }
    if (room.participants.size === 0 && this.rooms.delete(room.name)) this.pbx.emit('ConfbridgeEnd', 'call', this.bridgeFields(room));
  }

  /** `Channel` may be a name, `all`, or `participants` (everyone but admins). */
  select(roomName: string, channel: string): Participant[] {
    const room = this.rooms.get(roomName);
    if (!room) return [];
    const all = [...room.participants.values()];
    if (channel === 'all') return all;
    if (channel === 'participants') return all.filter((p) => !p.admin);
    return all.filter((p) => p.channel.name.startsWith(channel));
  }

  setMuted(roomName: string, channel: string, muted: boolean): number {
    const room = this.rooms.get(roomName);
    const chosen = this.select(roomName, channel);
    for (const p of chosen) {
      p.muted = muted;
      if (room) this.pbx.emit(muted ? 'ConfbridgeMute' : 'ConfbridgeUnmute', 'call', [...this.bridgeFields(room), ...channelFields(p.channel), ['Admin', p.admin ? 'Yes' : 'No']]);
    }
    return chosen.length;
  }

  setTalking(channelId: string, talking: boolean): void {
    for (const room of this.rooms.values()) {
      const p = room.participants.get(channelId);
      if (!p || p.talking === talking) continue;
      p.talking = talking;
      this.pbx.emit('ConfbridgeTalking', 'call', [...this.bridgeFields(room), ...channelFields(p.channel), ['TalkingStatus', talking ? 'on' : 'off'], ['Admin', p.admin ? 'Yes' : 'No']]);
    }
  }

  /** ConfbridgeList items (without ActionID). */
  listItems(roomName: string): Fields[] {
    const now = this.pbx.clock.now();
    return this.select(roomName, 'all').map((p) => [
      ['Conference', roomName],
      ...channelFields(p.channel),
      ['Admin', p.admin ? 'Yes' : 'No'],
      ['MarkedUser', p.marked ? 'Yes' : 'No'],
      ['WaitMarked', p.marked ? 'No' : 'Yes'],
      ['EndMarked', p.marked ? 'No' : 'Yes'],
      ['EndMarkedAny', 'No'],
      ['Waiting', 'No'],
      ['Muted', p.muted ? 'Yes' : 'No'],
      ['Talking', p.talking ? 'Yes' : 'No'],
      ['AnsweredTime', Math.round((now - p.joinedAt) / 1000)],
    ]);
  }

  roomItems(): Fields[] {
    return [...this.rooms.values()].map((room) => {
      const all = [...room.participants.values()];
      return [
        ['Conference', room.name],
        ['Parties', all.length],
        ['Marked', all.filter((p) => p.marked).length],
        ['Locked', 'No'],
        ['Muted', 'No'],
      ];
    });
  }
}
