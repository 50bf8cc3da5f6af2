import type { Fields } from './wire';

export const STATE_DESC = ['Down', 'Rsrvd', 'OffHook', 'Dialing', 'Ring', 'Ringing', 'Up', 'Busy', 'Dialing Offhook', 'Pre-ring', 'Unknown'];

export interface SimChannel {
  name: string;
  uniqueid: string;
  linkedid: string;
  state: number;
  callerNum: string;
  callerName: string;
  connectedNum: string;
  connectedName: string;
  context: string;
  exten: string;
  priority: number;
  application: string;
  applicationData: string;
  bridgeId: string;
  createdAt: number;
}

export interface SimMember {
  /** As configured in queues.conf: `PJSIP/1001` or `Local/1001@from-queue/n`. */
  interface: string;
  name: string;
  stateInterface: string;
  /** The phone whose device state the member follows: `PJSIP/1001`. */
  device: string;
  membership: 'static' | 'dynamic';
  penalty: number;
  callsTaken: number;
  lastCall: number;
  lastPause: number;
  loginTime: number;
  paused: boolean;
  pausedReason: string;
}

export interface SimQueue {
  name: string;
  strategy: 'rrmemory' | 'ringall';
  ringTimeoutMs: number;
  retryMs: number;
  serviceLevelSeconds: number;
  members: SimMember[];
  /** Callers waiting, in position order. */
  waiting: string[];
  /** app_queue's counters (queue-stats.ts): since the simulator started, as Asterisk's are since it did. */
  completed: number;
  abandoned: number;
  completedInSl: number;
  abandonedInSl: number;
  /** Exponential averages in seconds, as QueueParams' Holdtime / TalkTime. */
  holdtime: number;
  talktime: number;
  lastMemberIndex: number;
}

/** `<unknown>` is how Asterisk renders missing caller ID in channel snapshots. */
const orUnknown = (v: string) => (v === '' ? '<unknown>' : v);

/** The channel snapshot block (`ast_manager_build_channel_state_string_prefix`). */
export function channelFields(ch: SimChannel, prefix = ''): Fields {
  return [
    [`${prefix}Channel`, ch.name],
    [`${prefix}ChannelState`, ch.state],
    [`${prefix}ChannelStateDesc`, STATE_DESC[ch.state] ?? 'Unknown'],
    [`${prefix}CallerIDNum`, orUnknown(ch.callerNum)],
    [`${prefix}CallerIDName`, orUnknown(ch.callerName)],
    [`${prefix}ConnectedLineNum`, orUnknown(ch.connectedNum)],
    [`${prefix}ConnectedLineName`, orUnknown(ch.connectedName)],
    [`${prefix}Language`, 'en'],
    [`${prefix}AccountCode`, ''],
    [`${prefix}Context`, ch.context],
    [`${prefix}Exten`, ch.exten],
    [`${prefix}Priority`, ch.priority],
    [`${prefix}Uniqueid`, ch.uniqueid],
    [`${prefix}Linkedid`, ch.linkedid],
  ];
}

/** `queue_member_blob_create`: the field set of every QueueMember* event. */
export function memberFields(queue: string, m: SimMember, status: number, inCall: boolean): Fields {
  return [
    ['Queue', queue],
    ['MemberName', m.name],
    ['Interface', m.interface],
    ['StateInterface', m.stateInterface],
    ['Membership', m.membership],
    ['Penalty', m.penalty],
    ['CallsTaken', m.callsTaken],
    ['LastCall', m.lastCall],
    ['LastPause', m.lastPause],
    ['LoginTime', m.loginTime],
    ['InCall', inCall ? 1 : 0],
    ['Status', status],
    ['Paused', m.paused ? 1 : 0],
    ['PausedReason', m.pausedReason],
    ['Ringinuse', 0],
    ['Wrapuptime', 0],
  ];
}

/** `PJSIP/1001` and `Local/1001@from-queue/n` members both sit on the phone `PJSIP/1001`. */
export function deviceOfMember(iface: string, stateInterface?: string): string {
  if (stateInterface && !stateInterface.toLowerCase().startsWith('local/') && stateInterface.includes('/')) return stateInterface;
  if (iface.toLowerCase().startsWith('local/')) return `PJSIP/${iface.slice(6).split('@')[0]}`;
  return iface;
}

export function isLocalMember(m: SimMember): boolean {
  return m.interface.toLowerCase().startsWith('local/');
}
