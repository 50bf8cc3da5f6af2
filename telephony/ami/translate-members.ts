import type { AmiMessage } from './message';
import type { Translation, TranslateContext } from './translator';
import type { MemberFacts, MemberStatus } from '../events';
import { field, flagField, intField } from './message';
import { memberInterface } from './channel-names';

/** Asterisk's numeric `enum ast_device_state`, as QueueMember* events carry it. */
const deviceStates: MemberStatus[] = [
  'unknown',
  'idle',
  'in_use',
  'busy',
  'invalid',
  'unavailable',
  'ringing',
  'ring_in_use',
  'on_hold',
];

export function memberStatus(code: number): MemberStatus {
  return deviceStates[code] ?? 'unknown';
}

/**
 * QueueMember* events say `MemberName`/`Interface`; the QueueStatus list item says `Name`/`Location`.
 * Both shapes are read here so the resync and the live path agree.
 */
export function memberFacts(m: AmiMessage, context: Pick<TranslateContext, 'localTech'>): MemberFacts {
  const rawInterface = field(m, 'interface') || field(m, 'location');
  return {
    queue: field(m, 'queue'),
    interface: memberInterface(rawInterface, context.localTech),
    asteriskInterface: rawInterface,
    memberName: field(m, 'membername') || field(m, 'name') || rawInterface,
    status: memberStatus(intField(m, 'status')),
    paused: flagField(m, 'paused'),
    pausedReason: field(m, 'pausedreason'),
    inCall: flagField(m, 'incall'),
    callsTaken: intField(m, 'callstaken'),
  };
}

export const memberHandlers: Record<string, Translation> = {
  queuememberstatus: (m, c) => [{ name: 'member:status', ...memberFacts(m, c), at: c.at }],
  queuememberpause: (m, c) => [{ name: 'member:paused', ...memberFacts(m, c), at: c.at }],
  queuememberadded: (m, c) => [{ name: 'member:added', ...memberFacts(m, c), at: c.at }],
  queuememberremoved: (m, c) => {
    const facts = memberFacts(m, c);
    return [{ name: 'member:removed', queue: facts.queue, interface: facts.interface, at: c.at }];
  },
};
