import type { Fields } from './wire';
import type { SimClock } from './clock';
import type { SimChannel, SimMember, SimQueue } from './model';
import { channelFields, memberFields } from './model';

export type EventClass = 'call' | 'agent' | 'system';
export type EventSink = (name: string, eventClass: EventClass, fields: Fields) => void;

const DEVICE_STATE_NAMES: Record<number, string> = { 1: 'NOT_INUSE', 2: 'INUSE', 5: 'UNAVAILABLE', 6: 'RINGING', 7: 'RINGINUSE' };
const CAUSE_TEXT: Record<number, string> = { 16: 'Normal Clearing', 17: 'User busy', 19: 'No answer', 21: 'Call Rejected', 26: 'Answered elsewhere' };

interface DeviceUse {
  ringing: number;
  inUse: number;
  status: number;
}

/** Channels, bridges, device states and queues, and the events their changes produce. */
export class Pbx {
  readonly channels = new Map<string, SimChannel>();
  readonly queues = new Map<string, SimQueue>();
  /** Dialplan globals set with Setvar (no Channel): the dial-in PIN of a consultation room. */
  readonly globals = new Map<string, string>();
  private readonly devices = new Map<string, DeviceUse>();
  /** Channels outside queue calls (originated legs) that keep their phone busy until they hang up. */
  private readonly occupying = new Map<string, string>();
  private uniqueCounter = 0;
  private channelCounter = 0;
  private bridgeCounter = 0;
  readonly epoch: number;

  constructor(readonly clock: SimClock, private readonly sink: EventSink) {
    this.epoch = Math.floor(clock.now() / 1000);
  }

  emit(name: string, eventClass: EventClass, fields: Fields): void {
    this.sink(name, eventClass, fields);
  }

  nextUniqueid(): string {
    return `${this.epoch}.${++this.uniqueCounter}`;
  }

  channelSuffix(): string {
    return (++this.channelCounter).toString(16).padStart(8, '0');
  }

  newChannel(spec: Partial<SimChannel> & Pick<SimChannel, 'name'>): SimChannel {
    const uniqueid = spec.uniqueid ?? this.nextUniqueid();
    const ch: SimChannel = {
      uniqueid,
      linkedid: spec.linkedid ?? uniqueid,
      state: 0,
      callerNum: '',
      callerName: '',
      connectedNum: '',
      connectedName: '',
      context: 'default',
      exten: 's',
      priority: 1,
      application: '',
      applicationData: '',
      bridgeId: '',
      createdAt: this.clock.now(),
      ...spec,
    };
    this.channels.set(ch.uniqueid, ch);
    this.emit('Newchannel', 'call', channelFields(ch));
    return ch;
  }

  setState(ch: SimChannel, state: number): void {
    ch.state = state;
    this.emit('Newstate', 'call', channelFields(ch));
  }

  /** `soft`: Asterisk asked (an AMI Hangup, a shutdown), not the channel's own side (a BYE). */
  hangupRequest(ch: SimChannel, cause = 16, soft = false): void {
    this.emit(soft ? 'SoftHangupRequest' : 'HangupRequest', 'call', [...channelFields(ch), ['Cause', cause]]);
  }

  /** Told of every channel that hangs up (ChanSpy follows the channel it spies on). */
  readonly hangupListeners: Array<(ch: SimChannel) => void> = [];

  hangup(ch: SimChannel, cause = 16): void {
    if (!this.channels.delete(ch.uniqueid)) return;
    this.emit('Hangup', 'call', [...channelFields(ch), ['Cause', cause], ['Cause-txt', CAUSE_TEXT[cause] ?? 'Unknown']]);
    for (const listener of this.hangupListeners) listener(ch);
    const device = this.occupying.get(ch.uniqueid);
    if (device === undefined) return;
    this.occupying.delete(ch.uniqueid);
    this.changeDevice(device, { inUse: -1 });
  }

  /** An answered originated leg (`PJSIP/1001-0000000a`) makes its phone busy: queues skip that agent. */
  occupy(ch: SimChannel): void {
    const device = ch.name.replace(/-[0-9a-f]+$/, '');
    this.occupying.set(ch.uniqueid, device);
    this.changeDevice(device, { inUse: 1 });
  }

  dialBegin(from: SimChannel, to: SimChannel, dialString: string): void {
    this.emit('DialBegin', 'call', [...channelFields(from), ...channelFields(to, 'Dest'), ['DialString', dialString]]);
  }

  dialState(from: SimChannel, to: SimChannel, status: string): void {
    this.emit('DialState', 'call', [...channelFields(from), ...channelFields(to, 'Dest'), ['DialStatus', status]]);
  }

  dialEnd(from: SimChannel, to: SimChannel, status: string): void {
    this.emit('DialEnd', 'call', [...channelFields(from), ...channelFields(to, 'Dest'), ['DialStatus', status]]);
  }

  private bridgeFields(id: string, count: number): Fields {
    return [
      ['BridgeUniqueid', id],
      ['BridgeType', 'basic'],
      ['BridgeTechnology', 'simple_bridge'],
      ['BridgeCreator', '<unknown>'],
      ['BridgeName', '<unknown>'],
      ['BridgeNumChannels', count],
      ['BridgeVideoSourceMode', 'none'],
    ];
  }

  bridge(members: SimChannel[]): string {
    const id = `bridge-${this.epoch}-${++this.bridgeCounter}`;
    this.emit('BridgeCreate', 'call', this.bridgeFields(id, 0));
    members.forEach((ch, i) => {
      ch.bridgeId = id;
      this.emit('BridgeEnter', 'call', [...this.bridgeFields(id, i + 1), ...channelFields(ch)]);
    });
    return id;
  }

  leaveBridge(ch: SimChannel): void {
    const id = ch.bridgeId;
    if (!id) return;
    ch.bridgeId = '';
    const left = [...this.channels.values()].filter((c) => c.bridgeId === id).length;
    this.emit('BridgeLeave', 'call', [...this.bridgeFields(id, left), ...channelFields(ch)]);
    if (left === 0) this.emit('BridgeDestroy', 'call', this.bridgeFields(id, 0));
  }

  connectLines(a: SimChannel, b: SimChannel): void {
    a.connectedNum = b.callerNum;
    a.connectedName = b.callerName;
    b.connectedNum = a.callerNum;
    b.connectedName = a.callerName;
  }

  /** A restart: every channel and device state is gone; queue configuration stays. */
  reset(): void {
    this.channels.clear();
    this.occupying.clear();
    this.devices.clear();
    for (const queue of this.queues.values()) queue.waiting = [];
  }

  // ---- devices and queue members

  private device(device: string): DeviceUse {
    let use = this.devices.get(device);
    if (!use) this.devices.set(device, (use = { ringing: 0, inUse: 0, status: 1 }));
    return use;
  }

  deviceStatus(device: string): number {
    return this.device(device).status;
  }

  isInCall(device: string): boolean {
    return this.device(device).inUse > 0;
  }

  /** Adjusts a phone's use; a real change of device state produces DeviceStateChange and QueueMemberStatus. */
  changeDevice(device: string, change: { ringing?: number; inUse?: number }, after?: () => void): void {
    const use = this.device(device);
    use.ringing = Math.max(0, use.ringing + (change.ringing ?? 0));
    use.inUse = Math.max(0, use.inUse + (change.inUse ?? 0));
    after?.();
    const status = use.inUse > 0 ? (use.ringing > 0 ? 7 : 2) : use.ringing > 0 ? 6 : 1;
    if (status === use.status) return;
    use.status = status;
    this.emit('DeviceStateChange', 'call', [['Device', device], ['State', DEVICE_STATE_NAMES[status] ?? 'UNKNOWN']]);
    for (const [queue, member] of this.membersOf(device)) this.memberEvent('QueueMemberStatus', queue, member);
  }

  membersOf(device: string): Array<[SimQueue, SimMember]> {
    const out: Array<[SimQueue, SimMember]> = [];
    for (const queue of this.queues.values()) for (const m of queue.members) if (m.device === device) out.push([queue, m]);
    return out;
  }

  memberEvent(name: string, queue: SimQueue, member: SimMember): void {
    this.emit(name, 'agent', memberFields(queue.name, member, this.deviceStatus(member.device), this.isInCall(member.device)));
  }

  /** Idle, not paused, not ringing, not talking: may be offered a call. */
  isAvailable(member: SimMember): boolean {
    const use = this.device(member.device);
    return !member.paused && use.inUse === 0 && use.ringing === 0;
  }
}
